package io.credreg.command.dispatch;

import io.credreg.command.credential.CredentialDeletedException;
import io.credreg.command.lookup.StaleLookupException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class LostRaceTest {

    @Test
    void racesAreRecognisedAnywhereInTheCauseChain() {
        assertThat(LostRace.causedBy(new ConcurrencyException("x"))).isTrue();
        assertThat(LostRace.causedBy(new StaleLookupException("x"))).isTrue();
        assertThat(LostRace.causedBy(new DuplicateKeyException("x"))).isTrue();
        assertThat(LostRace.causedBy(new CannotAcquireLockException("x"))).isTrue();
        assertThat(LostRace.causedBy(wrapped(new SQLException("unique", "23505")))).isTrue();
        assertThat(LostRace.causedBy(wrapped(new SQLException("serialization", "40001")))).isTrue();
        assertThat(LostRace.causedBy(wrapped(new SQLException("deadlock", "40P01")))).isTrue();
    }

    @Test
    void refusalsAndOtherFailuresAreNoRace() {
        assertThat(LostRace.causedBy(new IllegalArgumentException("x"))).isFalse();
        assertThat(LostRace.causedBy(new CredentialDeletedException("c"))).isFalse();
        assertThat(LostRace.causedBy(new AggregateNotFoundException("c", "missing"))).isFalse();
        assertThat(LostRace.causedBy(wrapped(new SQLException("syntax", "42000")))).isFalse();
        assertThat(LostRace.causedBy(wrapped(new SQLException("no state")))).isFalse();
    }

    private static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("outer", new RuntimeException("middle", cause));
    }
}
