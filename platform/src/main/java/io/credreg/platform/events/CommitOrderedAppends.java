package io.credreg.platform.events;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * Makes global indexes follow commit order (decision 0120). Every append first takes one database-wide lock, held
 * until its transaction ends, and only then draws its global indexes (the insert's default, V9). The next appender
 * draws its indexes only after this one committed or rolled back, so no index below a visible one can still commit
 * later: a gap under the highest visible index is a rollback, final, never filled.
 * <p>
 * The lock belongs to the append's own connection, so to the command's transaction. On PostgreSQL it is a
 * transaction-level advisory lock that the column's default takes as it draws the index (V30: no round trip of its
 * own, and every writer takes it), so nothing is done here. Elsewhere (H2, whose auto-server lets a second process
 * in) it is the one row of {@code event_append_lock} (V29) locked for update, here, after the events are serialized.
 * A process killed while holding the lock holds nothing: its transaction and its lock end with its connection.
 */
public final class CommitOrderedAppends implements AppendEventsStatementBuilder {

    /** The advisory lock's key on PostgreSQL, taken by V30's {@code next_global_index()} ("credreg" in ASCII). */
    static final long ADVISORY_KEY = 0x6372656472656741L;
    /** No statement: on PostgreSQL the insert takes the lock itself. */
    private static final String NONE = "";
    private static final String ROW_LOCK = "select id from event_append_lock where id = 1 for update";

    /** H2's error code for a lock not granted within its lock timeout. */
    private static final int H2_LOCK_TIMEOUT = 50200;
    /** How long an append waits for the lock on H2 at most (PostgreSQL waits as long as it takes). */
    private static final Duration MAX_WAIT = Duration.ofMinutes(5);

    private volatile String lockStatement;

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter timestampWriter) throws SQLException {
        // serializing and binding the events draws no index: done before the lock, so the lock covers only the
        // insert (executed by the engine right after this returns) and the commit
        PreparedStatement insert = JdbcEventStorageEngineStatements.appendEvents(connection, schema, dataType, events,
                serializer, timestampWriter);
        try {
            lock(connection);
        } catch (SQLException | RuntimeException e) {
            insert.close();
            throw e;
        }
        return insert;
    }

    /** Waits for every other appending transaction to end; the lock is released when this one ends. */
    void lock(Connection connection) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("events are appended inside a transaction, or their order is lost");
        }
        String lock = lockStatement(connection);
        if (lock.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + MAX_WAIT.toNanos();
        while (true) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(lock);
                return;
            } catch (SQLException e) {
                // H2 gives a row lock up after its lock timeout (2 s by default), a statement's failure only; a large
                // cascade may hold the append lock longer, and the appends behind it wait their turn
                if (e.getErrorCode() != H2_LOCK_TIMEOUT || System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    private String lockStatement(Connection connection) throws SQLException {
        String statement = lockStatement;
        if (statement == null) {
            statement = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres")
                    ? NONE : ROW_LOCK;
            lockStatement = statement;
        }
        return statement;
    }
}
