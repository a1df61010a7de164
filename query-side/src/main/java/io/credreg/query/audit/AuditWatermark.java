package io.credreg.query.audit;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.jpa.TokenEntry;
import org.axonframework.serialization.Serializer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * The highest global sequence below which the audit log is complete: every event at or below it has been recorded
 * (or will never exist). Pages and exports stop there, so a {@code next} cursor can never jump over an entry that is
 * recorded later. Two things could make the log fill in out of order:
 * <ul>
 *     <li>Segments progress independently: one may have recorded sequence 900 while the other is at 850, and
 *     851..899 of its credentials are still to come. So the watermark is the lowest position over all segments,
 *     read from {@code token_entry}, whose tokens commit with the entries they cover.</li>
 *     <li>A token may remember gaps: global indexes no event holds. Global indexes follow commit order (decision
 *     0120: appends take one lock before they draw their indexes and hold it until commit), so a gap below an index
 *     the processor has seen is a rolled-back transaction, final, never filled. A segment is complete below its
 *     lowest gap that an event does hold (only history stored before 0120 could have one: it is delivered, and the
 *     watermark waits for it). No clock is asked: a transaction of any duration, and a node whose clock is wrong,
 *     cannot make a cursor jump over an entry.</li>
 * </ul>
 */
@Component
class AuditWatermark {

    private static final String EVENTS_AT = "select count(*) from domain_event_entry where global_index = ?";
    private static final int REMEMBERED_GAPS = 10_000;

    @PersistenceContext
    private EntityManager entityManager;
    private final Serializer serializer;
    private final JdbcTemplate jdbc;
    private final Set<Long> abandonedGaps = ConcurrentHashMap.newKeySet();

    AuditWatermark(Serializer serializer, JdbcTemplate jdbc) {
        this.serializer = serializer;
        this.jdbc = jdbc;
    }

    /** The sequence up to which the audit log is complete now; 0 before the processor recorded anything. */
    long completeUpTo() {
        List<TrackingToken> tokens = entityManager
                .createQuery("select t from TokenEntry t where t.processorName = :name", TokenEntry.class)
                .setParameter("name", AuditProjection.PROCESSING_GROUP)
                .getResultList().stream()
                .map(entry -> entry.getToken(serializer))
                .toList();
        return completeUpTo(tokens, this::abandoned);
    }

    /** The lowest position over the segments' tokens, each cut below its lowest gap that may still fill. */
    static long completeUpTo(Collection<TrackingToken> tokens, LongPredicate abandonedGap) {
        if (tokens.isEmpty() || tokens.stream().anyMatch(Objects::isNull)) {
            return 0; // no segment yet, or one that has not recorded anything
        }
        long lowest = Long.MAX_VALUE;
        for (TrackingToken token : tokens) {
            lowest = Math.min(lowest, completeUpTo(WrappedToken.unwrapLowerBound(token), abandonedGap));
        }
        return lowest;
    }

    private static long completeUpTo(TrackingToken token, LongPredicate abandonedGap) {
        if (token instanceof GapAwareTrackingToken gapAware) {
            for (long gap : gapAware.getGaps()) { // ascending
                if (!abandonedGap.test(gap)) {
                    return gap - 1;
                }
            }
            return gapAware.getIndex();
        }
        return token == null ? 0 : token.position().orElse(0);
    }

    /**
     * A gap of a token (below an index the processor has seen) is abandoned when no event holds its index: with
     * commit-ordered indexes no transaction can still commit it. The verdict is final, so it is remembered.
     */
    boolean abandoned(long gap) {
        if (abandonedGaps.contains(gap)) {
            return true;
        }
        Long events = jdbc.queryForObject(EVENTS_AT, Long.class, gap);
        boolean abandoned = events != null && events == 0;
        if (abandoned) {
            if (abandonedGaps.size() >= REMEMBERED_GAPS) {
                abandonedGaps.clear();
            }
            abandonedGaps.add(gap);
        }
        return abandoned;
    }
}
