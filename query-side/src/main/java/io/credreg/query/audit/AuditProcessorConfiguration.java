package io.credreg.query.audit;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * How often a segment of the audit processor that has no events of its own stores how far it has read
 * ({@code registry.query.audit.token-store-interval}, default 500 ms).
 * <p>
 * The audit log is complete only up to the lowest position over all segments ({@link AuditWatermark}). A pooled
 * segment stores its token with every batch of its own events, but when the events go to the other segment it only
 * stores its advanced token at its next claim extension, by default every 5 s; until then the log would show nothing
 * newer. Axon applies this after the default pooled configuration (see {@code SegmentClaimConfiguration}), so both
 * hold. The price is one token update per interval per idle segment, and only while events arrive.
 */
@Configuration(proxyBeanMethods = false)
class AuditProcessorConfiguration {

    @Bean
    ConfigurerModule auditTokenStoreInterval(
            AuditProperties audit) {
        Duration interval = audit.tokenStoreInterval();
        return configurer -> configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                AuditProjection.PROCESSING_GROUP,
                (configuration, builder) -> builder.claimExtensionThreshold(interval.toMillis()));
    }
}
