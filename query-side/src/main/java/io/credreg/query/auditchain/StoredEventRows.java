package io.credreg.query.auditchain;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the stored rows the chain hashes. One query per event made a replay of the chain slow, so a miss reads a
 * whole window of rows after the position the processor is at ({@code index - BEHIND .. index + AHEAD}) in one
 * query, and the events that follow in the stream are then found in memory. Each row is taken out when it is used
 * (an event is chained once), and the cache is bounded. An event outside the window (a gap filled late) is read by
 * its identifier. The rows still come from the table when the event is chained, as a single read would get them.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class StoredEventRows {

    static final int BEHIND = 64;
    static final int AHEAD = 1024;
    private static final int CACHED_ROWS = 2 * (BEHIND + AHEAD + 1);

    private static final String BY_IDENTIFIER = "select " + StoredEvent.COLUMNS
            + " from domain_event_entry where event_identifier = ?";
    private static final String WINDOW = "select " + StoredEvent.COLUMNS
            + " from domain_event_entry where global_index between ? and ?";

    private final JdbcTemplate jdbc;
    private final Map<String, StoredEvent> cache = Collections.synchronizedMap(
            new LinkedHashMap<>(CACHED_ROWS * 2, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, StoredEvent> eldest) {
                    return size() > CACHED_ROWS;
                }
            });

    StoredEventRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored row of the event; {@code nearIndex} is the stream position the processor is at, if known. */
    StoredEvent row(String eventIdentifier, Long nearIndex) {
        StoredEvent cached = cache.remove(eventIdentifier);
        if (cached != null) {
            return cached;
        }
        if (nearIndex != null) {
            jdbc.query(WINDOW, row -> {
                StoredEvent event = StoredEvent.read(row, "");
                cache.put(event.eventIdentifier(), event);
            }, Math.max(0, nearIndex - BEHIND), nearIndex + AHEAD);
            cached = cache.remove(eventIdentifier);
            if (cached != null) {
                return cached;
            }
        }
        List<StoredEvent> rows = jdbc.query(BY_IDENTIFIER, (row, n) -> StoredEvent.read(row, ""), eventIdentifier);
        if (rows.isEmpty()) {
            throw new IllegalStateException("event " + eventIdentifier + " has no row in the event store");
        }
        return rows.get(0);
    }

    /** Rows read before a reset may be gone or chained again; start afresh. */
    void forget() {
        cache.clear();
    }
}
