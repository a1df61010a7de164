package io.credreg.query.infrastructure;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Finds the global sequence of an event. A {@link GapAwareTrackingToken} (the JPA event store's) does not always
 * carry it: when a transaction commits after a later one, its events fill gaps and their token keeps the highest
 * index seen so far. So on that store the index is read from the event's own row, by its unique identifier.
 */
@Component
public class GlobalSequenceResolver {

    private static final String INDEX_OF_EVENT =
            "select global_index from domain_event_entry where event_identifier = ?";

    private final JdbcTemplate jdbc;

    GlobalSequenceResolver(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long sequenceOf(EventMessage<?> event, TrackingToken token) {
        if (WrappedToken.unwrap(token, GapAwareTrackingToken.class).isPresent()) {
            return indexOf(event.getIdentifier());
        }
        return WrappedToken.unwrapUpperBound(token).position()
                .orElseThrow(() -> new IllegalStateException("token without position: " + token));
    }

    private long indexOf(String eventIdentifier) {
        Long index = jdbc.queryForObject(INDEX_OF_EVENT, Long.class, eventIdentifier);
        if (index == null) {
            throw new IllegalStateException("event " + eventIdentifier + " has no global index");
        }
        return index;
    }
}
