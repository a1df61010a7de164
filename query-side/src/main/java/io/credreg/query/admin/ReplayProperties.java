package io.credreg.query.admin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How a replay reports on itself.
 *
 * @param replayLogInterval how often a running replay logs its progress
 */
@ConfigurationProperties("registry.query")
public record ReplayProperties(@DefaultValue("5s") Duration replayLogInterval) {
}
