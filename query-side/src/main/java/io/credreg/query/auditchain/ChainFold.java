package io.credreg.query.auditchain;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes a stretch of the audit chain from the event rows as they are stored now: from a position whose hash is
 * trusted (0 and the genesis hash, or a checkpoint) up to a later position, in the chain's order. The one place the
 * chain is checked: by {@code GET /api/audit/verify}, before a checkpoint is signed (only over a chain that holds),
 * and by {@code ./registry verify --checkpoint} to prove one.
 * <p>
 * Only the order and the event each entry names come from the chain table; every hash is recomputed from the event
 * row as stored now, linked to the previous <em>recomputed</em> hash. So an altered row (payload, metadata, type,
 * timestamp, identifier, ...) mismatches at its own entry, a deleted row shows as missing, and a deleted chain entry
 * leaves a gap in the positions. Entries are read in keyset batches, so memory stays flat however long the stretch.
 */
final class ChainFold {

    private static final String BATCH = "select c.chain_position, c.global_index as chained_index,"
            + " c.event_identifier as chained_identifier, c.entry_hash,"
            + " e.global_index, e.event_identifier, e.type, e.aggregate_identifier, e.sequence_number, e.time_stamp,"
            + " e.payload_type, e.payload_revision, e.payload, e.meta_data"
            + " from audit_chain_entry c left join domain_event_entry e on e.global_index = c.global_index"
            + " where c.chain_position > ? and c.chain_position <= ? order by c.chain_position"
            + " fetch first %d rows only";

    private static final String ENTRY_MISSING = "entry-missing";
    private static final String EVENT_MISSING = "event-missing";
    private static final String EVENT_ALTERED = "event-altered";

    /**
     * Where the chain stops holding: the position, the problem, and what the entry there recorded (the event's
     * sequence and identifier, its hash) next to the hash recomputed from the stored row. Only the position and the
     * problem are known when the entry itself is gone; nothing is recomputed when its event is.
     */
    record Break(long position, String problem, Long sequence, String eventIdentifier, String recordedHash,
                 String recomputedHash) {

        private static Break entryMissing(long position) {
            return new Break(position, ENTRY_MISSING, null, null, null, null);
        }
    }

    /**
     * The outcome: the last position that holds, with its hash and its event's sequence, the highest sequence chained
     * up to it, and the break right after it ({@code null} when the whole stretch holds).
     */
    record Result(long position, long sequence, String hash, long highestSequence, Break broken) {

        boolean valid() {
            return broken == null;
        }
    }

    private final JdbcTemplate jdbc;
    private final String batchQuery;

    ChainFold(JdbcTemplate jdbc, int batchSize) {
        this.jdbc = jdbc;
        this.batchQuery = BATCH.formatted(batchSize);
    }

    Result fold(long fromPosition, long fromSequence, String fromHash, long upTo) {
        long position = fromPosition;
        long sequence = fromSequence;
        long highest = fromSequence;
        String hash = fromHash;
        while (position < upTo) {
            List<Link> batch = batchAfter(position, upTo);
            if (batch.isEmpty()) {
                return new Result(position, sequence, hash, highest, Break.entryMissing(position + 1));
            }
            for (Link link : batch) {
                Break broken = link.position() != position + 1 ? Break.entryMissing(position + 1) : link.check(hash);
                if (broken != null) {
                    return new Result(position, sequence, hash, highest, broken);
                }
                hash = link.recordedHash();
                position = link.position();
                sequence = link.chainedIndex();
                highest = Math.max(highest, sequence);
            }
        }
        return new Result(position, sequence, hash, highest, null);
    }

    private List<Link> batchAfter(long position, long upTo) {
        List<Link> links = new ArrayList<>();
        jdbc.query(batchQuery, row -> {
            StoredEvent event = row.getString("event_identifier") == null ? null : StoredEvent.read(row, "");
            links.add(new Link(row.getLong("chain_position"), row.getLong("chained_index"),
                    row.getString("chained_identifier"), row.getString("entry_hash"), event));
        }, position, upTo);
        return links;
    }

    /** A chain entry and the event row it names now ({@code event} is null when that row is gone). */
    private record Link(long position, long chainedIndex, String chainedIdentifier, String recordedHash,
                        StoredEvent event) {

        /** The break at this entry when linked to {@code previousHash}, or null when it holds. */
        Break check(String previousHash) {
            if (event == null) {
                return new Break(position, EVENT_MISSING, chainedIndex, chainedIdentifier, recordedHash, null);
            }
            String recomputed = ChainHash.next(previousHash, event);
            return recomputed.equals(recordedHash) ? null
                    : new Break(position, EVENT_ALTERED, chainedIndex, chainedIdentifier, recordedHash, recomputed);
        }
    }
}
