package io.credreg.query.auditchain;

import io.credreg.api.auditchain.AuditCheckpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * Signs checkpoints of the audit chain. A checkpoint is signed only after the chain from the previous checkpoint (or
 * from its start) up to the head has been recomputed from the stored events and found intact, so a signature never
 * vouches for a history that was already changed. Several query nodes may sign at once: the position is the key, the
 * first one stays. Public only so that web slice tests can replace it.
 */
public class AuditCheckpoints {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpoints.class);

    private static final String COLUMNS = "chain_position, global_index, head_hash, created_at, public_key, signature";
    private static final RowMapper<AuditCheckpoint> CHECKPOINT = (row, n) -> new AuditCheckpoint(
            row.getLong("chain_position"), row.getLong("global_index"), row.getString("head_hash"),
            row.getString("created_at"), AuditCheckpoint.ALGORITHM, row.getString("public_key"),
            row.getString("signature"));

    /** Why no checkpoint was signed: the chain does not hold from the last checkpoint to the head. */
    public static final class ChainBrokenException extends RuntimeException {
        final long position;

        public ChainBrokenException(long position, String problem) {
            super("The audit chain does not hold at position " + position + " (" + problem
                    + "): no checkpoint is signed over it. GET /api/audit/verify shows the first mismatch.");
            this.position = position;
        }
    }

    private final JdbcTemplate jdbc;
    private final ChainFold fold;
    private final CheckpointKey key;
    private final Clock clock;

    AuditCheckpoints(JdbcTemplate jdbc, ChainFold fold, CheckpointKey key, Clock clock) {
        this.jdbc = jdbc;
        this.fold = fold;
        this.key = key;
        this.clock = clock;
    }

    /** Signs the chain's current head, unless the newest checkpoint already covers it; returns the newest. */
    public Optional<AuditCheckpoint> checkpoint() {
        Optional<AuditCheckpoint> last = newest();
        Long head = jdbc.queryForObject("select max(chain_position) from audit_chain_entry", Long.class);
        if (head == null || last.map(c -> c.chainPosition() >= head).orElse(false)) {
            return last;
        }
        ChainFold.Result result = last
                .map(c -> fold.fold(c.chainPosition(), c.sequence(), c.headHash(), head))
                .orElseGet(() -> fold.fold(0, 0, ChainHash.GENESIS, head));
        if (!result.valid()) {
            throw new ChainBrokenException(result.broken().position(), result.broken().problem());
        }
        String createdAt = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
        String text = AuditCheckpoint.signedText(result.position(), result.sequence(), result.hash(), createdAt);
        AuditCheckpoint signed = new AuditCheckpoint(result.position(), result.sequence(), result.hash(), createdAt,
                AuditCheckpoint.ALGORITHM, key.publicKey(), key.sign(text));
        int inserted = jdbc.update("insert into audit_checkpoint (" + COLUMNS + ") select ?, ?, ?, ?, ?, ?"
                        + " where not exists (select 1 from audit_checkpoint where chain_position = ?)",
                signed.chainPosition(), signed.sequence(), signed.headHash(), signed.createdAt(), signed.publicKey(),
                signed.signature(), signed.chainPosition());
        if (inserted == 1) {
            log.info("Signed audit checkpoint at chain position {} (sequence {})", signed.chainPosition(),
                    signed.sequence());
        }
        return newest();
    }

    /** Newest first, at most {@code limit}. */
    public List<AuditCheckpoint> list(int limit) {
        return jdbc.query("select " + COLUMNS + " from audit_checkpoint order by chain_position desc"
                + " fetch first " + limit + " rows only", CHECKPOINT);
    }

    private Optional<AuditCheckpoint> newest() {
        return list(1).stream().findFirst();
    }
}
