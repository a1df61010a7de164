package io.credreg.query.auditchain;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * Recomputes a stretch of the audit chain from the event rows as they are stored now: from a position whose hash is
 * trusted (0 and the genesis hash, or a checkpoint) up to a later position, in the chain's order. Used to sign a
 * checkpoint only over a chain that holds, and by {@code ./registry verify --checkpoint} to prove one. Entries are
 * read in keyset batches, so memory stays flat however long the stretch.
 */
final class ChainFold {

    private static final String BATCH = "select c.chain_position, c.global_index as chained_index,"
            + " c.entry_hash, e.global_index, e.event_identifier, e.type, e.aggregate_identifier,"
            + " e.sequence_number, e.time_stamp, e.payload_type, e.payload_revision, e.payload, e.meta_data"
            + " from audit_chain_entry c left join domain_event_entry e on e.global_index = c.global_index"
            + " where c.chain_position > ? and c.chain_position <= ? order by c.chain_position"
            + " fetch first %d rows only";

    /**
     * The outcome: {@code valid} with the hash and sequence at {@code position}, or the first position whose event is
     * missing or no longer hashes to what was recorded ({@code brokenAt}).
     */
    record Result(boolean valid, long position, long sequence, String hash, Long brokenAt, String problem) {
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
        String hash = fromHash;
        while (position < upTo) {
            List<Row> batch = batchAfter(position, upTo);
            if (batch.isEmpty()) {
                return new Result(false, position, sequence, hash, position + 1, "entry-missing");
            }
            for (Row row : batch) {
                if (row.position() != position + 1) {
                    return new Result(false, position, sequence, hash, position + 1, "entry-missing");
                }
                if (row.event() == null) {
                    return new Result(false, position, sequence, hash, row.position(), "event-missing");
                }
                String recomputed = ChainHash.next(hash, row.event());
                if (!recomputed.equals(row.recordedHash())) {
                    return new Result(false, position, sequence, hash, row.position(), "event-altered");
                }
                hash = recomputed;
                position = row.position();
                sequence = row.chainedIndex();
            }
        }
        return new Result(true, position, sequence, hash, null, null);
    }

    private List<Row> batchAfter(long position, long upTo) {
        List<Row> rows = new ArrayList<>();
        jdbc.query(batchQuery, row -> {
            StoredEvent event = row.getString("event_identifier") == null ? null : StoredEvent.read(row, "");
            rows.add(new Row(row.getLong("chain_position"), row.getLong("chained_index"), row.getString("entry_hash"),
                    event));
        }, position, upTo);
        return rows;
    }

    private record Row(long position, long chainedIndex, String recordedHash, StoredEvent event) {
    }
}
