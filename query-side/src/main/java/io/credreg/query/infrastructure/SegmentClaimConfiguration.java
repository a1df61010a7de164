package io.credreg.query.infrastructure;

import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How many segments of each pooled processor one query-side process may claim
 * ({@code registry.query.max-claimed-segments}, env {@code REGISTRY_QUERY_MAX_CLAIMED_SEGMENTS}).
 * <p>
 * Axon 4's pooled streaming processor claims every unclaimed segment up to this limit, which defaults to
 * {@code Short.MAX_VALUE}, and never hands a segment back while its owner is alive: the first process to start takes
 * all segments and a second process idles. Setting the limit to (segments / processes) makes the processes share the
 * work. Unset (0) keeps Axon's default, which is what a single process needs; a process limited to fewer segments
 * than exist cannot take over the segments of a process that died.
 */
@Configuration(proxyBeanMethods = false)
public class SegmentClaimConfiguration {

    @Bean
    ConfigurerModule limitClaimedSegments(EventStoreProperties settings) {
        int maxClaimedSegments = settings.maxClaimedSegments();
        return configurer -> {
            if (maxClaimedSegments > 0) {
                configurer.eventProcessing().registerPooledStreamingEventProcessorConfiguration(
                        (configuration, builder) -> builder.maxClaimedSegments(maxClaimedSegments));
            }
        };
    }
}
