package io.credreg.query.auditchain;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Appends chain entries inside the processor's transaction (JdbcTemplate joins it), in global-index order: global
 * indexes follow commit order (decision 0120), so the single segment receives them ascending, and a replay chains the
 * same events in the same order to the same head hash. An event below the head that is not chained yet would break
 * that; it is refused (the batch rolls back and the processor retries) rather than chained out of order.
 * <p>
 * The head (last position and hash) is cached in memory, and rows are read a window at a time
 * ({@link StoredEventRows}), so a replay costs about one insert per event. The cache is dropped when the batch rolls back, and a stale head
 * (another query node chained events meanwhile, the single segment having moved) cannot go unnoticed: the next
 * position would already exist, the primary key refuses it, the batch rolls back and is retried from the table.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class AuditChainWriter {

    private static final String HEAD = "select chain_position, entry_hash, global_index from audit_chain_entry"
            + " order by chain_position desc fetch first 1 rows only";
    private static final String APPEND = """
            insert into audit_chain_entry (chain_position, global_index, event_identifier, entry_hash)
            select ?, ?, ?, ? where not exists (select 1 from audit_chain_entry where event_identifier = ?)""";
    private static final String ROLLBACK_HOOK = AuditChainWriter.class.getName() + ".rollbackHook";

    private final JdbcTemplate jdbc;
    private final StoredEventRows rows;
    private final AtomicReference<Head> head = new AtomicReference<>();

    AuditChainWriter(JdbcTemplate jdbc, StoredEventRows rows) {
        this.jdbc = jdbc;
        this.rows = rows;
    }

    /** Chains the event; {@code nearIndex}, the processor's stream position, lets its row be read with its neighbours. */
    void append(String eventIdentifier, Long nearIndex) {
        forgetHeadOnRollback();
        try {
            StoredEvent event = rows.row(eventIdentifier, nearIndex);
            Head previous = head();
            if (event.globalIndex() <= previous.globalIndex() && !chained(eventIdentifier)) {
                throw new IllegalStateException("event at global index " + event.globalIndex()
                        + " delivered after the chain reached " + previous.globalIndex()
                        + ": the chain follows the global order only");
            }
            Head next = new Head(previous.position() + 1, ChainHash.next(previous.hash(), event), event.globalIndex());
            int inserted = jdbc.update(APPEND, next.position(), event.globalIndex(), event.eventIdentifier(),
                    next.hash(), event.eventIdentifier());
            if (inserted == 1) { // 0: a re-delivered event is chained already
                head.set(next);
            }
        } catch (RuntimeException e) {
            head.set(null);
            throw e;
        }
    }

    void clear() {
        head.set(null);
        rows.forget();
        jdbc.update("delete from audit_chain_entry");
    }

    private Head head() {
        Head cached = head.get();
        if (cached != null) {
            return cached;
        }
        List<Head> last = jdbc.query(HEAD, (row, n) -> new Head(row.getLong(1), row.getString(2), row.getLong(3)));
        return last.isEmpty() ? new Head(0, ChainHash.GENESIS, 0) : last.get(0);
    }

    private boolean chained(String eventIdentifier) {
        Long entries = jdbc.queryForObject("select count(*) from audit_chain_entry where event_identifier = ?",
                Long.class, eventIdentifier);
        return entries != null && entries > 0;
    }

    /** Entries of a rolled-back batch never existed; neither may the head they moved. */
    private void forgetHeadOnRollback() {
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.root().resources().computeIfAbsent(ROLLBACK_HOOK,
                key -> {
                    unitOfWork.root().onRollback(rolledBack -> head.set(null));
                    return Boolean.TRUE;
                }));
    }

    private record Head(long position, String hash, long globalIndex) {
    }
}
