package io.credreg.command.resolution;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How resolutions are recorded.
 *
 * @param maxBatch   resolutions recorded together in one transaction (group commit)
 * @param maxPending resolutions waiting to be recorded; beyond that a resolution is refused with 503 at once
 * @param timeout    how long a resolution waits for its record before it is refused with 503 (the secret is then
 *                   not handed out)
 */
@ConfigurationProperties("registry.resolution.journal")
public record ResolutionJournalProperties(@DefaultValue("256") int maxBatch,
                                          @DefaultValue("10000") int maxPending,
                                          @DefaultValue("5s") Duration timeout) {
}
