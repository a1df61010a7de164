package io.credreg.platform.security;

import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.TokenRole;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the principal of a presented token by its hash: the bootstrap admin token, or an issued token the side's
 * {@link TokenLookup} knows as unrevoked. The token itself is hashed at once and never kept, logged or compared.
 */
public class TokenAuthenticator {

    private final TokenLookup tokens;
    private final String bootstrapHash;

    public TokenAuthenticator(TokenLookup tokens, String adminToken, Path dataDir) {
        this.tokens = tokens;
        this.bootstrapHash = BootstrapAdminToken.loadHash(adminToken, dataDir, System.out);
    }

    public Optional<TokenPrincipal> authenticate(String token) {
        String hash = ApiTokens.hash(token);
        if (ApiTokens.sameHash(hash, bootstrapHash)) {
            return Optional.of(new TokenPrincipal(TokenPrincipal.BOOTSTRAP_ID, BootstrapAdminToken.PRINCIPAL,
                    TokenRole.ADMIN, null));
        }
        return tokens.activeByHash(hash);
    }
}
