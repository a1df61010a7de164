package io.credreg.command.security;

import io.credreg.api.token.TokenRole;
import io.credreg.command.token.TokenDirectory;
import io.credreg.platform.security.AuthorizationRules;
import io.credreg.platform.security.TokenLookup;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static io.credreg.platform.security.OwnInstanceAccess.ownInstanceOr;

/**
 * What the command side adds to the shared security of the platform module: where it finds a token (its lookup
 * table, written in the same transaction as the token's events) and who may do what. Default deny: health is open,
 * every request not named below needs an ADMIN token. The rules, first match wins:
 * <pre>
 *   /actuator/health{,/liveness,/readiness}                  anyone
 *   GET /api/instances/{instanceId}/settings/{key}/secret      ADMIN, or INSTANCE bound to {instanceId}
 *   GET /api/tokens                                            ADMIN, AUDITOR (never a token value)
 *   everything else                                            ADMIN
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    TokenLookup tokenLookup(TokenDirectory directory) {
        return directory::activeByHash;
    }

    @Bean
    AuthorizationRules commandAuthorizationRules() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, "/api/instances/{instanceId}/settings/{settingKey}/secret")
                .access(ownInstanceOr(TokenRole.ADMIN))
                .requestMatchers(HttpMethod.GET, "/api/tokens").hasAnyRole("ADMIN", "AUDITOR");
    }
}
