package io.credreg.command.security;

import io.credreg.api.security.FailureThrottle;
import io.credreg.api.token.TokenRole;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Who may do what on the command side. Default deny: every request needs an ADMIN token unless a rule below says
 * otherwise; only health is open. The rules, first match wins:
 * <pre>
 *   /actuator/health, /actuator/health/**                     anyone
 *   GET /api/instances/{instanceId}/settings/{key}/secret      ADMIN, or INSTANCE bound to {instanceId}
 *   GET /api/tokens                                            ADMIN, AUDITOR (never a token value)
 *   everything else                                            ADMIN
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
// The one-shot modes (the Evolution import) run without a web server: nothing to secure, no HttpSecurity to build.
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, TokenAuthenticator authenticator,
                                            FailureThrottle throttle, JsonMapper json) throws Exception {
        SecurityProblems problems = new SecurityProblems(json);
        BearerTokenFilter bearer = new BearerTokenFilter(authenticator, throttle, problems);
        http.csrf(AbstractHttpConfigurer::disable) // bearer tokens, no cookies: nothing for a forged request to ride on
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(cors -> {
                })
                .addFilterBefore(bearer, AuthorizationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> bearer.fail(request, response,
                                "this request needs 'Authorization: Bearer <token>'"))
                        .accessDeniedHandler((request, response, e) -> problems.forbidden(request, response,
                                TokenPrincipal.current().map(TokenPrincipal::describe).orElse("this token")
                                        + " may not " + request.getMethod() + " " + request.getRequestURI())))
                .authorizeHttpRequests(rules -> rules
                        // an error page is rendered for a request that already passed (or failed) these rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/instances/{instanceId}/settings/{settingKey}/secret")
                        .access(adminOrOwnInstance())
                        .requestMatchers(HttpMethod.GET, "/api/tokens").hasAnyRole("ADMIN", "AUDITOR")
                        .anyRequest().hasRole("ADMIN"));
        return http.build();
    }

    /** An instance token reaches only the instance it is bound to. */
    static AuthorizationManager<RequestAuthorizationContext> adminOrOwnInstance() {
        return (authentication, context) -> new AuthorizationDecision(
                authentication.get().getPrincipal() instanceof TokenPrincipal principal
                        && (principal.role() == TokenRole.ADMIN || principal.role() == TokenRole.INSTANCE
                        && principal.instanceId().equals(context.getVariables().get("instanceId"))));
    }

    @Bean
    FailureThrottle authenticationFailureThrottle(
            @Value("${registry.security.auth-failure-limit:20}") int limit,
            @Value("${registry.security.auth-failure-window:1m}") Duration window) {
        return new FailureThrottle(limit, window, Clock.systemUTC());
    }

    /** Only the configured admin-UI origins may call from a browser; none by default. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(
            @Value("${registry.security.cors-allowed-origins:}") List<String> origins) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(origins.stream().map(String::strip).filter(o -> !o.isEmpty()).toList());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Request-Id"));
        cors.setExposedHeaders(List.of("X-Request-Id", "Location", "Retry-After", "WWW-Authenticate"));
        cors.setMaxAge(Duration.ofMinutes(10));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
