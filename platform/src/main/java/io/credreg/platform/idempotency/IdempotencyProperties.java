package io.credreg.platform.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How long idempotency keys are kept ({@code registry.idempotency.*}).
 *
 * @param retention     how long a key and its recorded answer are kept after it was first used; at least 24 hours
 *                      ({@code REGISTRY_IDEMPOTENCY_RETENTION})
 * @param purgeInterval how often each node deletes the keys older than that
 */
@ConfigurationProperties("registry.idempotency")
public record IdempotencyProperties(@DefaultValue("24h") Duration retention,
                                    @DefaultValue("15m") Duration purgeInterval) {

    public static final Duration MINIMUM_RETENTION = Duration.ofHours(24);

    public IdempotencyProperties {
        if (retention.compareTo(MINIMUM_RETENTION) < 0) {
            throw new IllegalArgumentException("registry.idempotency.retention must be at least 24h (clients retry"
                    + " for a day), was " + retention);
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero()) {
            throw new IllegalArgumentException("registry.idempotency.purge-interval must be positive");
        }
    }
}
