package io.credreg.query.timetravel;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads credentials' event streams, upcast and lazily deserialized, as the event store would hand them out.
 * <p>
 * An instance at an instant needs the streams of every credential ever bound to it, often dozens; read one by one
 * that is a query per credential. On the relational event store they are read here in one query per
 * {@value #CHUNK} credentials, in sequence order, through the same event serializer and upcaster chain the event
 * store uses, so a row reads the same either way. With Axon Server (no {@code domain_event_entry}) each stream is
 * read from the event store.
 */
@Component
class CredentialStreams {

    private static final int CHUNK = 100;
    private static final String STREAMS = "select type, aggregate_identifier, sequence_number, event_identifier,"
            + " time_stamp, payload_type, payload_revision, payload, meta_data from domain_event_entry"
            + " where aggregate_identifier in (%s) order by aggregate_identifier, sequence_number";

    private final EventStore eventStore;
    private final JdbcTemplate jdbc;
    private final Serializer eventSerializer;
    private final org.axonframework.config.Configuration configuration;
    private final boolean relationalStore;

    CredentialStreams(EventStore eventStore, JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer eventSerializer,
                      org.axonframework.config.Configuration configuration,
                      @Value("${axon.axonserver.enabled:true}") boolean axonServer) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.eventSerializer = eventSerializer;
        this.configuration = configuration;
        this.relationalStore = !axonServer;
    }

    /**
     * One credential's stream, every event from the first: never from the command side's latest snapshot, which is
     * its aggregate's state at one sequence and would hide every event before it from the fold.
     */
    DomainEventStream streamOf(String credentialId) {
        return eventStore.readEvents(credentialId, 0);
    }

    /** The streams of the credentials, in the order given; a credential without events has an empty stream. */
    Map<String, List<DomainEventMessage<?>>> streamsOf(Collection<String> credentialIds) {
        Map<String, List<DomainEventMessage<?>>> streams = new LinkedHashMap<>();
        credentialIds.forEach(id -> streams.put(id, new ArrayList<>()));
        if (!relationalStore) {
            credentialIds.forEach(id -> streamOf(id).asStream().forEach(streams.get(id)::add));
            return streams;
        }
        List<String> ids = List.copyOf(credentialIds);
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String sql = STREAMS.formatted(String.join(",", Collections.nCopies(chunk.size(), "?")));
            List<DomainEventData<?>> rows = jdbc.query(sql, (row, n) -> new GenericDomainEventEntry<>(
                    row.getString(1), row.getString(2), row.getLong(3), row.getString(4), row.getString(5),
                    row.getString(6), row.getString(7), row.getBytes(8), row.getBytes(9)), chunk.toArray());
            EventStreamUtils.asStream(EventStreamUtils.upcastAndDeserializeDomainEvents(rows.stream(),
                            eventSerializer, configuration.upcasterChain()))
                    .forEach(event -> streams.get(event.getAggregateIdentifier()).add(event));
        }
        return streams;
    }
}
