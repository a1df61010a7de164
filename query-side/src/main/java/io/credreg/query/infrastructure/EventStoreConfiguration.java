package io.credreg.query.infrastructure;

import io.credreg.platform.events.EventStorageTuning;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The event store as Axon's auto-configuration builds it, over the shared JDBC storage engine of the platform
 * module, with three settings tuned for a process that only reads:
 * <ul>
 *     <li>The command side appends from another process, so new events are only seen by polling. Axon polls an
 *     idle store once a second; {@code registry.query.event-poll-interval} (default 100 ms) brings the query side
 *     that much closer to the writes, at the cost of one indexed query per interval.</li>
 *     <li>Events are read {@code registry.query.event-fetch-size} (default 500) at a time instead of 100, which
 *     matters for replays and for deletion cascades of thousands of events.</li>
 *     <li>Events are read with plain JDBC (Axon's {@code JdbcEventStorageEngine}), not as JPA entities. Its query
 *     reads a bounded range of global indexes plus the known gaps, where the JPA engine's {@code > token or in
 *     (gaps)} made PostgreSQL take milliseconds per poll, and no entity is hydrated only to be converted.</li>
 * </ul>
 * With Axon Server enabled (the optional {@code axonserver} profile) the events live there, and these beans
 * must step aside for Axon Server's event store: they would otherwise win and read an empty relational store.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class EventStoreConfiguration {

    /**
     * Reads larger batches than Axon's 100, which matters for replays and for deletion cascades. Global indexes follow
     * commit order (decision 0120): when an event is visible, every lower index has committed or never will, so a
     * gap is final as soon as it is seen. How long Axon still remembers gaps (an offset, a timeout against the event
     * times, which are another node's clock) therefore decides only what a token carries and each poll asks for
     * again, never which event is delivered; both are kept small.
     */
    @Bean
    EventStorageTuning largerFetches(EventStoreProperties settings) {
        return engine -> engine.batchSize(settings.eventFetchSize())
                .maxGapOffset(settings.maxGapOffset())
                .gapTimeout(Math.toIntExact(settings.gapTimeout().toMillis()));
    }

    @Qualifier("eventStore")
    @Bean(name = "eventBus")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                  org.axonframework.config.Configuration configuration,
                                  EventStoreProperties settings) {
        Duration pollInterval = settings.eventPollInterval();
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(pollInterval.toMillis())
                .build();
    }
}
