package io.credreg.query.auditchain;

import io.credreg.api.auditchain.ChainVerification;
import io.credreg.api.auditchain.VerifyAuditChain;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes the chain from the event store and compares it, entry by entry, with the chain that was recorded.
 * <p>
 * Only the order and the event each entry names come from the chain table; every hash is recomputed from the event
 * rows as they are stored now, each linked to the previous <em>recomputed</em> hash. So an altered row (payload,
 * metadata, type, timestamp, identifier, ...) mismatches at its own entry, a deleted row shows as missing, and a
 * deleted chain entry breaks the link of the entry after it. Entries are read in keyset batches, so a store of
 * millions of events is verified in constant memory.
 * <p>
 * A stored event that the chain skipped is missing from it, and the chain is then not valid ({@code event-unchained},
 * naming the first such event). Global indexes follow commit order (decision 0120), so every event below the highest
 * chained index was visible before the chain went past it: one that is not chained was skipped, never merely late.
 * Events above the highest chained index are the processor's backlog, counted in {@code unchainedEvents}.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class AuditChainVerifier {

    private static final String BATCH = "select c.chain_position, c.global_index as chained_index,"
            + " c.event_identifier as chained_identifier, c.entry_hash,"
            + " e.global_index, e.event_identifier, e.type, e.aggregate_identifier, e.sequence_number, e.time_stamp,"
            + " e.payload_type, e.payload_revision, e.payload, e.meta_data"
            + " from audit_chain_entry c left join domain_event_entry e on e.global_index = c.global_index"
            + " where c.chain_position > ? order by c.chain_position fetch first %d rows only";

    /** The first stored event below the highest chained index that the chain does not hold. */
    private static final String SKIPPED = "select " + StoredEvent.COLUMNS + " from domain_event_entry e"
            + " where e.global_index < ? and not exists"
            + " (select 1 from audit_chain_entry c where c.global_index = e.global_index)"
            + " order by e.global_index fetch first 1 rows only";

    private final JdbcTemplate jdbc;
    private final String batchQuery;

    AuditChainVerifier(JdbcTemplate jdbc, AuditChainProperties chain) {
        this.jdbc = jdbc;
        this.batchQuery = BATCH.formatted(chain.auditVerifyBatchSize());
    }

    @QueryHandler
    ChainVerification handle(VerifyAuditChain query) {
        String hash = ChainHash.GENESIS;
        long count = 0;
        long position = 0;
        long headSequence = 0;
        long highestChained = 0;
        List<Entry> batch = batchAfter(position);
        while (!batch.isEmpty()) {
            for (Entry entry : batch) {
                String recomputed = entry.event() == null ? null : ChainHash.next(hash, entry.event());
                if (recomputed == null || !recomputed.equals(entry.recordedHash())) {
                    return invalid(count, entry, recomputed);
                }
                hash = recomputed;
                count++;
                position = entry.position();
                headSequence = entry.chainedIndex();
                highestChained = Math.max(highestChained, entry.chainedIndex());
            }
            batch = batchAfter(position);
        }
        long unchained = Math.max(0, totalEvents() - count);
        List<StoredEvent> skipped = jdbc.query(SKIPPED, (row, n) -> StoredEvent.read(row, ""), highestChained);
        if (!skipped.isEmpty()) {
            StoredEvent first = skipped.get(0);
            return new ChainVerification(false, count, null, null, unchained, new ChainVerification.Mismatch(
                    position + 1, first.globalIndex(), first.eventIdentifier(), "event-unchained", null, null));
        }
        return count == 0
                ? new ChainVerification(true, 0, null, null, unchained, null)
                : new ChainVerification(true, count, hash, headSequence, unchained, null);
    }

    private ChainVerification invalid(long count, Entry entry, String recomputed) {
        String problem = entry.event() == null ? "event-missing" : "event-altered";
        ChainVerification.Mismatch mismatch = new ChainVerification.Mismatch(entry.position(), entry.chainedIndex(),
                entry.chainedIdentifier(), problem, entry.recordedHash(), recomputed);
        return new ChainVerification(false, count, null, null, Math.max(0, totalEvents() - count - 1), mismatch);
    }

    private List<Entry> batchAfter(long position) {
        List<Entry> entries = new ArrayList<>();
        jdbc.query(batchQuery, row -> {
            StoredEvent event = row.getString("event_identifier") == null ? null : StoredEvent.read(row, "");
            entries.add(new Entry(row.getLong("chain_position"), row.getLong("chained_index"),
                    row.getString("chained_identifier"), row.getString("entry_hash"), event));
        }, position);
        return entries;
    }

    private long totalEvents() {
        Long total = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        return total == null ? 0 : total;
    }

    /** A chain entry and the event row it names now (null when that row is gone). */
    private record Entry(long position, long chainedIndex, String chainedIdentifier, String recordedHash,
                         StoredEvent event) {
    }
}
