package io.credreg.query.infrastructure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the query side reads the event store the command side appends to.
 *
 * @param eventPollInterval  how often an idle query side looks for new events
 * @param eventFetchSize     events read per query of the store
 */
@ConfigurationProperties("registry.query")
public record EventStoreProperties(@DefaultValue("100ms") Duration eventPollInterval,
                                   @DefaultValue("500") int eventFetchSize) {
}
