package io.credreg.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * How the edge treats callers, the same on both sides.
 *
 * @param authFailureLimit   more failed authentications than this from one address within the window answer 429
 * @param authFailureWindow  how long failures of an address are counted (and it is throttled)
 * @param corsAllowedOrigins admin-UI origins allowed to call from a browser; none by default
 */
@ConfigurationProperties("registry.security")
public record RegistrySecurityProperties(@DefaultValue("20") int authFailureLimit,
                                         @DefaultValue("1m") Duration authFailureWindow,
                                         @DefaultValue List<String> corsAllowedOrigins) {

    /** The configured origins, blank entries (an empty environment variable) left out. */
    public List<String> allowedOrigins() {
        return corsAllowedOrigins.stream().map(String::strip).filter(origin -> !origin.isEmpty()).toList();
    }
}
