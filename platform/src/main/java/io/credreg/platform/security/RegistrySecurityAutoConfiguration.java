package io.credreg.platform.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.credreg.platform.config.RegistryProperties;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The security both sides share: stateless bearer tokens, no sessions, cookies or login pages, problem details for
 * every refusal, a failure throttle per address and CORS for configured origins only. Default deny: only health is
 * open (with the API description and Swagger UI), a side's {@link AuthorizationRules} come next, and every other request needs an ADMIN token.
 * <p>
 * Active in a web application that provides a {@link TokenLookup}; the one-shot modes (the Evolution import) run
 * without a web server and have nothing to secure.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(RegistrySecurityProperties.class)
public class RegistrySecurityAutoConfiguration {

    static final String[] OPEN_DOCUMENTATION = {
            "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**"};

    @Bean
    @ConditionalOnBean(TokenLookup.class)
    TokenAuthenticator tokenAuthenticator(TokenLookup tokens, RegistryProperties registry,
                                          RegistrySecurityProperties security) {
        return new TokenAuthenticator(tokens, registry.adminToken(), registry.dataDir(), security.tokenCacheTtl(),
                Ticker.systemTicker());
    }

    @Bean
    @ConditionalOnBean(TokenLookup.class)
    SecurityFilterChain securityFilterChain(HttpSecurity http, TokenAuthenticator authenticator,
                                            FailureThrottle throttle, JsonMapper json,
                                            ObjectProvider<AuthorizationRules> sideRules) throws Exception {
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
                .authorizeHttpRequests(rules -> {
                    // an error page is rendered for a request that already passed (or failed) these rules
                    rules.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                            // a server-sent event stream passed these rules when it was opened
                            .dispatcherTypeMatchers(DispatcherType.ASYNC).permitAll()
                            // the probes only: any other health path needs an admin, so a scan of them is throttled
                            .requestMatchers("/actuator/health", "/actuator/health/liveness",
                                    "/actuator/health/readiness").permitAll()
                            // the API description and Swagger UI hold no secret; every call they make needs a token
                            .requestMatchers(HttpMethod.GET, OPEN_DOCUMENTATION).permitAll();
                    sideRules.orderedStream().forEach(side -> side.authorize(rules));
                    rules.anyRequest().hasRole("ADMIN");
                });
        return http.build();
    }

    /**
     * Spring Security would observe each of its filters, every authentication and every authorization: tracing detail
     * this registry does not export. Disabling those observations by name left every filter wrapped, one wrapper and
     * observation context per filter and request (a tenth of the request threads' allocation, profiled); with these
     * settings the chain is not decorated at all. The {@code http.server.requests} metrics are not Spring Security's
     * and stay.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Bearer tokens are the only credentials here: there are no users and no passwords. Without an authentication
     * manager of its own, Spring Boot would create an in-memory user with a generated password and log it at start-up,
     * with a warning to replace it before production; no filter of this registry ever asks for a password, and an
     * operator should not have to find that out. This manager refuses anything that is not a token.
     */
    @Bean
    AuthenticationManager tokensOnly() {
        return authentication -> {
            throw new ProviderNotFoundException("the registry authenticates bearer tokens only");
        };
    }

    @Bean
    FailureThrottle authenticationFailureThrottle(RegistrySecurityProperties security) {
        return new FailureThrottle(security.authFailureLimit(), security.authFailureWindow(), Clock.systemUTC());
    }

    /** Only the configured admin-UI origins may call from a browser; none by default. */
    @Bean
    CorsConfigurationSource corsConfigurationSource(RegistrySecurityProperties security) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(security.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PUT", "PATCH", "DELETE"));
        // a browser client must be able to send what the contract offers (expected versions, idempotency keys,
        // conditional resolution) and to read the ETag it answers with
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "X-Request-Id", "If-Match", "If-None-Match",
                "Idempotency-Key"));
        cors.setExposedHeaders(List.of("X-Request-Id", "X-Correlation-Id", "Location", "Retry-After", "WWW-Authenticate",
                "ETag", "Idempotent-Replayed"));
        cors.setMaxAge(Duration.ofMinutes(10));
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
