package io.credreg.command.security;

import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.BootstrapAdminToken;
import io.credreg.api.token.TokenRole;
import io.credreg.command.token.TokenDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the principal of a presented token by its hash: the bootstrap admin token, or an issued token that has not
 * been revoked. The token itself is hashed at once and never kept, logged or compared.
 */
@Component
public class TokenAuthenticator {

    private final TokenDirectory directory;
    private final String bootstrapHash;

    public TokenAuthenticator(TokenDirectory directory, @Value("${registry.admin-token:}") String adminToken,
                              @Value("${registry.data-dir}") Path dataDir) {
        this.directory = directory;
        this.bootstrapHash = BootstrapAdminToken.loadHash(adminToken, dataDir, System.out);
    }

    public Optional<TokenPrincipal> authenticate(String token) {
        String hash = ApiTokens.hash(token);
        if (ApiTokens.sameHash(hash, bootstrapHash)) {
            return Optional.of(new TokenPrincipal(TokenPrincipal.BOOTSTRAP_ID, BootstrapAdminToken.PRINCIPAL,
                    TokenRole.ADMIN, null));
        }
        return directory.activeByHash(hash).map(entry -> new TokenPrincipal(entry.id(), entry.name(), entry.role(),
                entry.instanceId()));
    }
}
