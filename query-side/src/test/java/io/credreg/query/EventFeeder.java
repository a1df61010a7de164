package io.credreg.query;

import io.credreg.api.EventMetadata;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands events to a projection bean the way a processor would: through Axon's annotation adapter (so parameter
 * resolution is exercised), inside a transaction, with a token, a timestamp and the usual metadata.
 */
public final class EventFeeder {

    private static final AtomicLong GLOBAL_SEQUENCE = new AtomicLong(1_000_000);

    private final AnnotationEventHandlerAdapter adapter;
    private final TransactionTemplate transactions;
    private final Map<String, Long> aggregateSequences = new HashMap<>();

    public EventFeeder(Object projection, TransactionTemplate transactions) {
        this.adapter = new AnnotationEventHandlerAdapter(projection);
        this.transactions = transactions;
    }

    /** Feeds a new event with the next global sequence and returns the message, for re-delivery. */
    public TrackedEventMessage<?> feed(String aggregateId, Object payload, Instant at) {
        TrackedEventMessage<?> message = message(aggregateId, payload, at, GLOBAL_SEQUENCE.incrementAndGet());
        redeliver(message);
        return message;
    }

    public TrackedEventMessage<?> feed(String aggregateId, Object payload) {
        return feed(aggregateId, payload, Instant.now());
    }

    /** Feeds an event published outside any aggregate (a resolution since issue 10). */
    public TrackedEventMessage<?> feedNonAggregate(Object payload, MetaData extra) {
        long globalSequence = GLOBAL_SEQUENCE.incrementAndGet();
        TrackedEventMessage<?> message = new GenericTrackedEventMessage<>(
                new GlobalSequenceTrackingToken(globalSequence),
                new GenericEventMessage<>(payload, metaData(globalSequence).mergedWith(extra)));
        redeliver(message);
        return message;
    }

    public void redeliver(TrackedEventMessage<?> message) {
        transactions.executeWithoutResult(status -> {
            try {
                adapter.handle(message);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    public void reset() {
        transactions.executeWithoutResult(status -> adapter.prepareReset());
    }

    private TrackedEventMessage<?> message(String aggregateId, Object payload, Instant at, long globalSequence) {
        long sequence = aggregateSequences.merge(aggregateId, 0L, (previous, ignored) -> previous + 1);
        DomainEventMessage<?> event = new GenericDomainEventMessage<>("Credential", aggregateId, sequence, payload,
                metaData(globalSequence), UUID.randomUUID().toString(), at);
        return new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(globalSequence), event);
    }

    private static MetaData metaData(long globalSequence) {
        return MetaData.with(EventMetadata.ACTOR, "alice")
                .and(EventMetadata.CORRELATION_ID, "corr-" + globalSequence)
                .and(EventMetadata.CAUSATION_ID, "cause-" + globalSequence);
    }
}
