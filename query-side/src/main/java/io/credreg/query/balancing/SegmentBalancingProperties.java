package io.credreg.query.balancing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the query nodes share the processors' segments.
 *
 * @param enabled  whether this node announces itself and gives up segments above its share
 * @param interval how often it does; a node unseen for three intervals no longer counts
 */
@ConfigurationProperties("registry.query.segment-balancing")
public record SegmentBalancingProperties(@DefaultValue("true") boolean enabled,
                                         @DefaultValue("2s") Duration interval) {
}
