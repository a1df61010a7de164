package io.credreg.command.infrastructure;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Axon's embedded event store, except that a transaction's events are appended after the subscribing processors
 * (the lookups) have handled them, not before: the append is the transaction's last write (decision 0120).
 * <p>
 * Appending takes the database-wide append lock ({@code CommitOrderedAppends} in the platform) and holds it until
 * commit. Axon appends first and then runs the subscribers, which write {@code setting_slot},
 * {@code credential_secret}, {@code api_token} and the other lookups: a lookup row another transaction holds would
 * then stall every append in the registry behind it, and two commands could deadlock (one holding the append lock and
 * waiting for a row, the other holding the row and waiting for the lock). Appending last, a command waits for rows
 * without the lock, and holds the lock only for its insert and its commit.
 * <p>
 * Both steps stay in one transaction: a failure in either rolls back both, and a process killed between them leaves
 * nothing behind.
 */
public class AppendLastEventStore extends EmbeddedEventStore {

    private final EventStorageEngine storage;

    private AppendLastEventStore(Builder builder, EventStorageEngine storage) {
        super(builder);
        this.storage = storage;
    }

    /** An event store over {@code storage}, configured by {@code builder} (whose storage engine it sets). */
    public static AppendLastEventStore over(EventStorageEngine storage, Builder builder) {
        builder.storageEngine(new AppendsSkipped(storage));
        return new AppendLastEventStore(builder, storage);
    }

    @Override
    protected void prepareCommit(List<? extends EventMessage<?>> events) {
        super.prepareCommit(events); // the subscribing processors; its append goes nowhere (AppendsSkipped)
        storage.appendEvents(events);
    }

    /**
     * Appends events that no subscribing processor needs to see, in the caller's transaction, without their unit of
     * work: the resolution journal writes its lookup rows itself and appends a batch of resolutions this way, which
     * spares it Axon's per-event processing (a tenth of the command side's CPU per resolution, measured).
     */
    public void appendWithoutSubscribers(List<? extends EventMessage<?>> events) {
        storage.appendEvents(events);
    }

    /** The storage engine as the superclass sees it: everything but appending, which {@link #prepareCommit} does. */
    private record AppendsSkipped(EventStorageEngine storage) implements EventStorageEngine {

        @Override
        public void appendEvents(List<? extends EventMessage<?>> events) {
            // appended by AppendLastEventStore.prepareCommit, after the subscribers
        }

        @Override
        public void storeSnapshot(DomainEventMessage<?> snapshot) {
            storage.storeSnapshot(snapshot);
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            return storage.readEvents(trackingToken, mayBlock);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier) {
            return storage.readEvents(aggregateIdentifier);
        }

        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            return storage.readEvents(aggregateIdentifier, firstSequenceNumber);
        }

        @Override
        public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
            return storage.readSnapshot(aggregateIdentifier);
        }

        @Override
        public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
            return storage.lastSequenceNumberFor(aggregateIdentifier);
        }

        @Override
        public TrackingToken createTailToken() {
            return storage.createTailToken();
        }

        @Override
        public TrackingToken createHeadToken() {
            return storage.createHeadToken();
        }

        @Override
        public TrackingToken createTokenAt(Instant dateTime) {
            return storage.createTokenAt(dateTime);
        }
    }
}
