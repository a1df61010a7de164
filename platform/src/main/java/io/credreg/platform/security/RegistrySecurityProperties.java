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
 * @param tokenCacheTtl      how long an authenticated token's lookup is reused (at most 1 s: a revocation must stop a
 *                           token on every node within a second); 0 looks every request up
 */
@ConfigurationProperties("registry.security")
public record RegistrySecurityProperties(@DefaultValue("20") int authFailureLimit,
                                         @DefaultValue("1m") Duration authFailureWindow,
                                         @DefaultValue List<String> corsAllowedOrigins,
                                         @DefaultValue("500ms") Duration tokenCacheTtl) {

    public RegistrySecurityProperties {
        if (tokenCacheTtl.isNegative() || tokenCacheTtl.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("registry.security.token-cache-ttl must be between 0 and 1s, not "
                    + tokenCacheTtl);
        }
    }

    /** The configured origins, blank entries (an empty environment variable) left out. */
    public List<String> allowedOrigins() {
        return corsAllowedOrigins.stream().map(String::strip).filter(origin -> !origin.isEmpty()).toList();
    }
}
