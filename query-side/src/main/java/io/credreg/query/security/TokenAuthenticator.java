package io.credreg.query.security;

import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.BootstrapAdminToken;
import io.credreg.api.token.TokenRole;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the principal of a presented token by its hash: the bootstrap admin token, or an issued token that the
 * query side's projection has not seen revoked. The token itself is hashed at once and never kept or logged.
 */
@Component
public class TokenAuthenticator {

    private final TokenProjection tokens;
    private final String bootstrapHash;

    public TokenAuthenticator(TokenProjection tokens, @Value("${registry.admin-token:}") String adminToken,
                              @Value("${registry.data-dir}") Path dataDir) {
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
