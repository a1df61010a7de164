package io.credreg.query.infrastructure;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the global sequence of an event. A {@link GapAwareTrackingToken} (the relational event store's) does not always
 * carry it: when a transaction commits after a later one, its events fill gaps and their token keeps the highest
 * index seen so far. So on that store the index is read from the event's own row, by its unique identifier.
 * <p>
 * One query per event made this the largest cost of a replay. So a miss reads the identifiers and indexes of a
 * whole window of rows around the token's index ({@code index - BEHIND .. index + AHEAD}) in one query and keeps
 * them in a bounded cache: the events that follow in the stream are then found there. The values still come from
 * the rows themselves (an event's global index never changes), so the answer is as exact as the single lookup,
 * which remains the fallback for an event outside the window (a gap filled long after it was opened).
 */
@Component
public class GlobalSequenceResolver {

    static final int BEHIND = 256;
    static final int AHEAD = 4096;
    private static final int CACHED_EVENTS = 4 * (BEHIND + AHEAD + 1);

    private static final String INDEX_OF_EVENT =
            "select global_index from domain_event_entry where event_identifier = ?";
    private static final String INDEXES_IN_WINDOW =
            "select event_identifier, global_index from domain_event_entry where global_index between ? and ?";

    private final JdbcTemplate jdbc;
    private final Map<String, Long> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(CACHED_EVENTS * 2, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > CACHED_EVENTS;
                }
            });

    GlobalSequenceResolver(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public long sequenceOf(EventMessage<?> event, TrackingToken token) {
        Optional<GapAwareTrackingToken> gapAware = WrappedToken.unwrap(token, GapAwareTrackingToken.class);
        if (gapAware.isPresent()) {
            return indexOf(event.getIdentifier(), gapAware.get().getIndex());
        }
        return WrappedToken.unwrapUpperBound(token).position()
                .orElseThrow(() -> new IllegalStateException("token without position: " + token));
    }

    private long indexOf(String eventIdentifier, long tokenIndex) {
        Long cached = cache.get(eventIdentifier);
        if (cached != null) {
            return cached;
        }
        jdbc.query(INDEXES_IN_WINDOW, row -> {
            cache.put(row.getString(1), row.getLong(2));
        }, Math.max(0, tokenIndex - BEHIND), tokenIndex + AHEAD);
        cached = cache.get(eventIdentifier);
        if (cached != null) {
            return cached;
        }
        Long index = jdbc.queryForObject(INDEX_OF_EVENT, Long.class, eventIdentifier);
        if (index == null) {
            throw new IllegalStateException("event " + eventIdentifier + " has no global index");
        }
        return index;
    }
}
