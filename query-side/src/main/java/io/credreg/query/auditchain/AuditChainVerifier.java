package io.credreg.query.auditchain;

import io.credreg.api.auditchain.ChainVerification;
import io.credreg.api.auditchain.VerifyAuditChain;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Recomputes the whole chain recorded so far from the event store ({@link ChainFold}) and answers whether it holds.
 * <p>
 * A stored event that the chain skipped is missing from it, and the chain is then not valid ({@code event-unchained},
 * naming the first such event). Global indexes follow commit order (decision 0120), so every event below the highest
 * chained index was visible before the chain went past it: one that is not chained was skipped, never merely late.
 * Events above the highest chained index are the processor's backlog, counted in {@code unchainedEvents}, and so are
 * entries chained after the verification began.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class AuditChainVerifier {

    /** The first stored event below the highest chained index that the chain does not hold. */
    private static final String SKIPPED = "select " + StoredEvent.COLUMNS + " from domain_event_entry e"
            + " where e.global_index < ? and not exists"
            + " (select 1 from audit_chain_entry c where c.global_index = e.global_index)"
            + " order by e.global_index fetch first 1 rows only";

    private final JdbcTemplate jdbc;
    private final ChainFold fold;

    AuditChainVerifier(JdbcTemplate jdbc, AuditChainProperties chain) {
        this.jdbc = jdbc;
        this.fold = new ChainFold(jdbc, chain.auditVerifyBatchSize());
    }

    @QueryHandler
    ChainVerification handle(VerifyAuditChain query) {
        ChainFold.Result result = fold.fold(0, 0, ChainHash.GENESIS, head());
        long count = result.position();
        if (!result.valid()) {
            return new ChainVerification(false, count, null, null, Math.max(0, totalEvents() - count - 1),
                    mismatch(result.broken()));
        }
        long unchained = Math.max(0, totalEvents() - count);
        List<StoredEvent> skipped = jdbc.query(SKIPPED, (row, n) -> StoredEvent.read(row, ""),
                result.highestSequence());
        if (!skipped.isEmpty()) {
            StoredEvent first = skipped.get(0);
            return new ChainVerification(false, count, null, null, unchained, new ChainVerification.Mismatch(
                    count + 1, first.globalIndex(), first.eventIdentifier(), "event-unchained", null, null));
        }
        return count == 0
                ? new ChainVerification(true, 0, null, null, unchained, null)
                : new ChainVerification(true, count, result.hash(), result.sequence(), unchained, null);
    }

    private static ChainVerification.Mismatch mismatch(ChainFold.Break broken) {
        return new ChainVerification.Mismatch(broken.position(), broken.sequence(), broken.eventIdentifier(),
                broken.problem(), broken.recordedHash(), broken.recomputedHash());
    }

    private long head() {
        Long head = jdbc.queryForObject("select max(chain_position) from audit_chain_entry", Long.class);
        return head == null ? 0 : head;
    }

    private long totalEvents() {
        Long total = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        return total == null ? 0 : total;
    }
}
