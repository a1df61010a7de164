package io.credreg.platform.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Whether a failure means the database could not be reached: no connection to be had, a connection lost, or a server
 * shutting down or starting up. Such a failure is not the client's and not a bug of ours, and it passes: the answer is
 * a 503 to retry, not a 500. It is recognised anywhere in the chain of causes, because Axon, Spring and the JDBC driver
 * each wrap it once more.
 */
final class DatabaseUnreachable {

    /** SQLSTATE class 08 (connection exception), and a server shut down by an admin, crashed, or not yet ready. */
    private static final Set<String> SERVER_GONE = Set.of("57P01", "57P02", "57P03");
    private static final String CLOSED_POOL_CONNECTION = "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection";

    private DatabaseUnreachable() {
    }

    static boolean causes(Throwable failure) {
        return causes(failure, new IdentityHashMap<>());
    }

    /**
     * Follows causes, suppressed failures and a transaction's application failure: a rollback that failed on the lost
     * connection is what gets thrown, and the failure that made it roll back hides behind it.
     */
    private static boolean causes(Throwable failure, Map<Throwable, Boolean> seen) {
        if (failure == null || seen.put(failure, true) != null) {
            return false;
        }
        if (unreachable(failure)) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (causes(suppressed, seen)) {
                return true;
            }
        }
        if (failure instanceof TransactionSystemException rollback && causes(rollback.getApplicationException(), seen)) {
            return true;
        }
        return causes(failure.getCause(), seen);
    }

    private static boolean unreachable(Throwable cause) {
        if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                || cause instanceof SQLTransientConnectionException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            return sql.getSQLState().startsWith("08") || SERVER_GONE.contains(sql.getSQLState());
        }
        return cause instanceof SQLException closed && thrownByAClosedPoolConnection(closed);
    }

    /**
     * The pool closes a connection whose server went away, and a statement on it then fails with a bare "Connection is
     * closed" (no SQLSTATE); the failure that closed it was another request's.
     */
    private static boolean thrownByAClosedPoolConnection(SQLException failure) {
        StackTraceElement[] trace = failure.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith(CLOSED_POOL_CONNECTION);
    }
}
