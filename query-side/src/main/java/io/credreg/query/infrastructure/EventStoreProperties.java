package io.credreg.query.infrastructure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the query side reads the event store the command side appends to.
 *
 * @param eventPollInterval  how often an idle query side looks for new events
 * @param eventFetchSize     events read per query of the store
 * @param maxGapOffset       how far below the newest event a gap in a processor's token is still remembered; global
 *                           indexes follow commit order (decision 0120), so a gap is final when seen and this only
 *                           bounds what a token carries, never what is delivered
 * @param gapTimeout         how long such a final gap is remembered at most, by the same argument
 */
@ConfigurationProperties("registry.query")
public record EventStoreProperties(@DefaultValue("100ms") Duration eventPollInterval,
                                   @DefaultValue("500") int eventFetchSize,
                                   @DefaultValue("1000") int maxGapOffset,
                                   @DefaultValue("10s") Duration gapTimeout) {
}
