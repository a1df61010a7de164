package io.credreg.platform.web;

import org.axonframework.commandhandling.CommandExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** A database that cannot be reached is told apart from every other failure, however deeply it is wrapped. */
class DatabaseUnreachableTest {

    @Test
    void noConnectionToBeHadIsUnreachable() {
        assertThat(DatabaseUnreachable.causes(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(DatabaseUnreachable.causes(new CannotGetJdbcConnectionException("pool"))).isTrue();
        assertThat(DatabaseUnreachable.causes(new SQLTransientConnectionException("pool timed out"))).isTrue();
    }

    @Test
    void aLostConnectionOrAServerGoingDownIsUnreachableWhereverItIsWrapped() {
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        SQLException crashed = new SQLException("terminating connection", "57P01");
        assertThat(DatabaseUnreachable.causes(
                new CommandExecutionException("failed", new RuntimeException("append", lost)))).isTrue();
        assertThat(DatabaseUnreachable.causes(new IllegalStateException(crashed))).isTrue();
    }

    @Test
    void aRollbackThatFailedOnTheLostConnectionDoesNotHideWhyItRolledBack() {
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        RuntimeException failure = new RuntimeException("append failed", lost);
        failure.addSuppressed(new IllegalStateException("Unable to rollback", new SQLException("Connection is closed")));
        TransactionSystemException rollback = new TransactionSystemException("rollback failed");
        rollback.initApplicationException(new RuntimeException(lost));

        assertThat(DatabaseUnreachable.causes(new RuntimeException("wrapped", failure))).isTrue();
        assertThat(DatabaseUnreachable.causes(rollback)).isTrue();
    }

    @Test
    void aStatementOnAConnectionThePoolClosedIsUnreachable() {
        SQLException closed = new SQLException("Connection is closed");
        closed.setStackTrace(new StackTraceElement[] {new StackTraceElement(
                "com.zaxxer.hikari.pool.ProxyConnection$ClosedConnection", "lambda$getClosedConnection$0",
                "ProxyConnection.java", 559)});

        assertThat(DatabaseUnreachable.causes(new RuntimeException("Failed to create a SQL statement", closed)))
                .isTrue();
        assertThat(DatabaseUnreachable.causes(new SQLException("Connection is closed"))).as("anyone else's").isFalse();
    }

    @Test
    void everyOtherFailureIsNot() {
        assertThat(DatabaseUnreachable.causes(new IllegalStateException("a bug"))).isFalse();
        assertThat(DatabaseUnreachable.causes(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(DatabaseUnreachable.causes(new SQLException("no state"))).isFalse();
    }

    @Test
    void aCycleOfCausesEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertThat(DatabaseUnreachable.causes(first)).isFalse();
    }
}
