package io.credreg.command.dispatch;

import io.credreg.command.lookup.StaleLookupException;
import org.axonframework.common.lock.DeadlockException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;

import java.sql.SQLException;

/**
 * Recognises a command that lost a race: another command appended to the same aggregate first (a
 * {@link ConcurrencyException}), claimed the same secret, name or setting (a unique key violation, a stale lookup) or
 * held a lock it needed. Such a command is worth running again against the winner's outcome; anything else would fail
 * the same way again.
 */
public final class LostRace {

    private LostRace() {
    }

    /** Whether the failure, or any of its causes, means another command won a race. */
    public static boolean causedBy(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof StaleLookupException
                    || cause instanceof DuplicateKeyException
                    || cause instanceof PessimisticLockingFailureException
                    || cause instanceof DeadlockException || isConstraintOrRollback(cause)) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQL state 23505 is a unique key violation, class 40 a serialization failure or deadlock: both mean another
     * transaction won. Other data errors (a value too long, say) would fail again, so they are not retried.
     */
    private static boolean isConstraintOrRollback(Throwable cause) {
        return cause instanceof SQLException sql && sql.getSQLState() != null
                && (sql.getSQLState().equals("23505") || sql.getSQLState().startsWith("40"));
    }
}
