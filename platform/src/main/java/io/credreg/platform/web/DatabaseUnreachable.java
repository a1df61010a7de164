package io.credreg.platform.web;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

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

    private DatabaseUnreachable() {
    }

    static boolean causes(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, true) == null; cause = cause.getCause()) {
            if (unreachable(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean unreachable(Throwable cause) {
        if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                || cause instanceof SQLTransientConnectionException) {
            return true;
        }
        if (cause instanceof SQLException sql && sql.getSQLState() != null) {
            return sql.getSQLState().startsWith("08") || SERVER_GONE.contains(sql.getSQLState());
        }
        return false;
    }
}
