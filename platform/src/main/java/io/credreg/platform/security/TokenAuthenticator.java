package io.credreg.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.TokenRole;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Finds the principal of a presented token by its hash: the bootstrap admin token, or an issued token the side's
 * {@link TokenLookup} knows as unrevoked. The token itself is hashed at once and never kept, logged or compared.
 * <p>
 * A found principal is reused for a short time (at most a second, keyed by the hash, never by the token), so that an
 * authenticated read costs little more than an open one; a revocation therefore takes effect within that time plus
 * the side's own delay. Misses are not cached: a token issued a moment ago works at once, and wrong tokens are the
 * throttle's business.
 */
public class TokenAuthenticator {

    private static final long MAX_CACHED_TOKENS = 10_000;

    private final TokenLookup tokens;
    private final String bootstrapHash;
    private final Cache<String, TokenPrincipal> recent;

    public TokenAuthenticator(TokenLookup tokens, String adminToken, Path dataDir) {
        this(tokens, adminToken, dataDir, Duration.ZERO, Ticker.systemTicker());
    }

    public TokenAuthenticator(TokenLookup tokens, String adminToken, Path dataDir, Duration cacheTtl, Ticker ticker) {
        this.tokens = tokens;
        this.bootstrapHash = BootstrapAdminToken.loadHash(adminToken, dataDir, System.out);
        this.recent = Caffeine.newBuilder().maximumSize(MAX_CACHED_TOKENS).expireAfterWrite(cacheTtl).ticker(ticker)
                .build();
    }

    public Optional<TokenPrincipal> authenticate(String token) {
        String hash = ApiTokens.hash(token);
        if (ApiTokens.sameHash(hash, bootstrapHash)) {
            return Optional.of(new TokenPrincipal(TokenPrincipal.BOOTSTRAP_ID, BootstrapAdminToken.PRINCIPAL,
                    TokenRole.ADMIN, null));
        }
        TokenPrincipal cached = recent.getIfPresent(hash);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<TokenPrincipal> found = tokens.activeByHash(hash);
        found.ifPresent(principal -> recent.put(hash, principal));
        return found;
    }

    /** Forgets every reused lookup: after a revocation on this node, so that it takes effect here at once. */
    public void forgetAll() {
        recent.invalidateAll();
    }
}
