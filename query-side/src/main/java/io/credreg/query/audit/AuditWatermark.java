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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongPredicate;

/**
 * The highest global sequence below which the audit log is complete: every event at or below it has been recorded
 * (or will never exist). Pages and exports stop there, so a {@code next} cursor can never jump over an entry that is
 * recorded later. Two things make the log fill in out of order:
 * <ul>
 *     <li>Segments progress independently: one may have recorded sequence 900 while the other is at 850, and
 *     851..899 of its credentials are still to come. So the watermark is the lowest position over all segments,
 *     read from {@code token_entry}, whose tokens commit with the entries they cover.</li>
 *     <li>Transactions commit out of order: a transaction that drew global index 851 may commit after one that drew
 *     852. Axon's gap-aware token remembers 851 as a gap until it arrives, so a segment is complete only below its
 *     lowest gap. But a rolled-back transaction leaves a gap that never fills, and Axon keeps it for a long time
 *     (until 10,000 newer events); it would hold the log back forever. A gap counts as abandoned once the first
 *     event stored after it is older than {@code registry.query.audit.gap-timeout} (default 10 s): no command
 *     transaction runs that long. Should one ever commit later, its entries land below a cursor already handed
 *     out, and a client paging with that cursor does not see them (a search without a cursor still does).</li>
 * </ul>
 */
@Component
class AuditWatermark {

    private static final String FIRST_EVENT_FROM =
            "select global_index, time_stamp from domain_event_entry where global_index >= ? "
                    + "order by global_index limit 1";
    private static final int REMEMBERED_GAPS = 10_000;

    @PersistenceContext
    private EntityManager entityManager;
    private final Serializer serializer;
    private final JdbcTemplate jdbc;
    private final Duration gapTimeout;
    private final Clock clock;
    private final Set<Long> abandonedGaps = ConcurrentHashMap.newKeySet();

    AuditWatermark(Serializer serializer, JdbcTemplate jdbc,
                   AuditProperties audit) {
        this.serializer = serializer;
        this.jdbc = jdbc;
        this.gapTimeout = audit.gapTimeout();
        this.clock = Clock.systemUTC();
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

    /** A gap is abandoned when no event has its index yet and the first event after it is older than the timeout. */
    boolean abandoned(long gap) {
        if (abandonedGaps.contains(gap)) {
            return true;
        }
        List<Instant> firstFromGap = jdbc.query(FIRST_EVENT_FROM, (row, i) -> row.getLong(1) == gap
                ? null : Instant.parse(row.getString(2)), gap);
        boolean abandoned = !firstFromGap.isEmpty() && firstFromGap.get(0) != null
                && firstFromGap.get(0).isBefore(clock.instant().minus(gapTimeout));
        if (abandoned) {
            if (abandonedGaps.size() >= REMEMBERED_GAPS) {
                abandonedGaps.clear();
            }
            abandonedGaps.add(gap);
        }
        return abandoned;
    }
}
