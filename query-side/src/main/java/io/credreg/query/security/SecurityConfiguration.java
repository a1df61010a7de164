package io.credreg.query.security;

import io.credreg.api.token.TokenRole;
import io.credreg.platform.security.AuthorizationRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

import static io.credreg.platform.security.OwnInstanceAccess.ownInstanceOr;

/**
 * Who may ask what on the query side, on top of the shared security of the platform module (which finds tokens
 * through {@link TokenProjection}). Default deny: health is open, every request not named below needs an ADMIN
 * token. The rules, first match wins:
 * <pre>
 *   /actuator/health{,/liveness,/readiness}              anyone
 *   GET /swagger-ui.html, /swagger-ui/**, /v3/api-docs/** anyone (shared rule: documentation holds no secret)
 *   GET /console, /console/**                            anyone (the console's static files; no data)
 *   GET /api/me, /api/console/config                     any valid token (the console refuses INSTANCE itself)
 *   /api/admin/**                                        ADMIN
 *   GET /api/instances/{instanceId}/settings             ADMIN, AUDITOR, or INSTANCE bound to {instanceId}
 *   GET /api/**                                          ADMIN, AUDITOR (every query, history, audit, /api/stream)
 *   everything else                                      ADMIN
 * </pre>
 * New query endpoints under {@code GET /api/**} are open to auditors by these rules; one that must not be needs a
 * narrower rule above that one.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    @Bean
    AuthorizationRules queryAuthorizationRules() {
        return rules -> rules
                .requestMatchers(HttpMethod.GET, "/console", "/console/**").permitAll()
                .requestMatchers(HttpMethod.GET, "/api/me", "/api/console/config").authenticated()
                .requestMatchers("/api/admin/**").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/instances/{instanceId}/settings")
                .access(ownInstanceOr(TokenRole.ADMIN, TokenRole.AUDITOR))
                .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole("ADMIN", "AUDITOR");
    }
}
