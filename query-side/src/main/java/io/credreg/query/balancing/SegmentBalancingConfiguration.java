package io.credreg.query.balancing;

import org.axonframework.config.EventProcessingConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;

/** The segment balancer of every query node ({@code registry.query.segment-balancing.enabled}, on by default). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "registry.query.segment-balancing.enabled", havingValue = "true", matchIfMissing = true)
class SegmentBalancingConfiguration {

    @Bean
    SegmentBalancer segmentBalancer(EventProcessingConfiguration processing, JdbcTemplate jdbc,
                                    SegmentBalancingProperties settings) {
        QueryNodes nodes = new QueryNodes(jdbc, UUID.randomUUID().toString(), settings.interval().multipliedBy(3));
        return new SegmentBalancer(processing, jdbc, nodes, settings.interval());
    }
}
