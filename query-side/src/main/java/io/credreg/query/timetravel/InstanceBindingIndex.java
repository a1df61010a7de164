package io.credreg.query.timetravel;

import io.credreg.api.binding.SettingBound;
import io.credreg.query.history.HistoryProjection;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finds the credentials that may have held a setting of an instance at an instant: every credential with a
 * {@code SettingBound} for the instance stamped at or before it. The answer itself is then folded from those
 * credentials' streams; this is only an index, and it must never miss a credential.
 * <p>
 * The index is the history read model ({@code qr_history_entry}, one row per binding event with its instance), which
 * is eventually consistent. So the events its processor has not handled yet are read from the event store itself:
 * everything after the lowest position over the processor's segments (gaps included). Together the two cover every
 * event committed when the question is asked, whatever the processor's lag; a replay of the history makes the tail
 * long, and the answer slower, but not wrong.
 */
@Component
class InstanceBindingIndex {

    private static final String INDEXED = """
            select distinct credential_id from qr_history_entry
            where instance_id = ? and event_type = 'SettingBound' and occurred_at <= ?""";
    private static final String TOKENS = "select token, token_type from token_entry where processor_name = ?";

    private final JdbcTemplate jdbc;
    private final ObjectProvider<EventStorageEngine> storageEngine;
    private final Serializer serializer;

    InstanceBindingIndex(JdbcTemplate jdbc, ObjectProvider<EventStorageEngine> storageEngine, Serializer serializer) {
        this.jdbc = jdbc;
        this.storageEngine = storageEngine;
        this.serializer = serializer;
    }

    Set<String> credentialsEverBoundTo(String instanceId, Instant at) {
        // The tail is read first: what the processor handles meanwhile is then in the table when it is read.
        Set<String> credentials = new TreeSet<>(boundInTail(instanceId, at));
        credentials.addAll(jdbc.queryForList(INDEXED, String.class, instanceId,
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC)));
        return credentials;
    }

    /** Without the relational store (Axon Server) there is no tail to read: the index alone answers. */
    private Set<String> boundInTail(String instanceId, Instant at) {
        Set<String> credentials = new TreeSet<>();
        EventStorageEngine engine = storageEngine.getIfAvailable();
        if (engine == null) {
            return credentials;
        }
        try (Stream<? extends TrackedEventMessage<?>> tail = engine.readEvents(indexedUpTo(), false)) {
            tail.filter(event -> SettingBound.class.equals(event.getPayloadType()))
                    .filter(event -> !event.getTimestamp().isAfter(at))
                    .map(event -> (SettingBound) event.getPayload())
                    .filter(bound -> bound.instanceId().equals(instanceId))
                    .forEach(bound -> credentials.add(bound.credentialId()));
        }
        return credentials;
    }

    /**
     * The lowest token over the history processor's segments: every event it does not cover may be missing from the
     * table. Null (the whole store) when a segment has no token yet or the processor never started.
     */
    private TrackingToken indexedUpTo() {
        List<TrackingToken> tokens = jdbc.query(TOKENS, (row, n) -> token(row.getBytes(1), row.getString(2)),
                HistoryProjection.PROCESSING_GROUP);
        if (tokens.isEmpty() || tokens.contains(null)) {
            return null;
        }
        return tokens.stream().reduce(TrackingToken::lowerBound).orElseThrow();
    }

    private TrackingToken token(byte[] bytes, String type) {
        if (bytes == null || type == null) {
            return null;
        }
        TrackingToken token = serializer.deserialize(new SimpleSerializedObject<>(bytes, byte[].class, type, null));
        return WrappedToken.unwrapLowerBound(token);
    }
}
