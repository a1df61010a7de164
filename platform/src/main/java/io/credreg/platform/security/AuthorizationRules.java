package io.credreg.platform.security;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A side's own rules of who may do what. The shared chain puts them between "health is open" and "everything else
 * needs an ADMIN token" (default deny), so a side names only its exceptions to that default.
 */
@FunctionalInterface
public interface AuthorizationRules {

    void authorize(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);
}
