package io.credreg.command.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CreateCredential;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.DeleteCredential;
import io.credreg.api.credential.DeletionResult;
import io.credreg.api.credential.PurgeCredential;
import io.credreg.api.credential.RenameCredential;
import io.credreg.api.credential.RestoreCredential;
import io.credreg.api.credential.RestoreResult;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.lookup.DuplicateSecretException;
import io.credreg.command.rule.VersionMismatchException;
import io.credreg.command.secret.DataKeyStore;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.credreg.api.EventMetadata.CAUSATION_ID;
import static io.credreg.command.credential.CredentialFixtures.CREDENTIAL_ID;
import static io.credreg.command.credential.CredentialFixtures.NAME;
import static io.credreg.command.credential.CredentialFixtures.PROVIDER;
import static io.credreg.command.credential.CredentialFixtures.bound;
import static io.credreg.command.credential.CredentialFixtures.created;
import static io.credreg.command.credential.CredentialFixtures.envelope;
import static io.credreg.command.credential.CredentialFixtures.eventsSatisfying;
import static io.credreg.command.credential.CredentialFixtures.sealed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.andNoMore;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The recovery window of a deletion (decision 0200): delete with a window, restore, purge, and every refusal. */
class RecoveryWindowAggregateTest {

    private static final SettingRef ACME_DEFAULT = new SettingRef("acme", "openai.default");
    private static final SettingRef ACME_BOT = new SettingRef("acme", "openai.bot.42");
    private static final SettingRef GLOBEX_DEFAULT = new SettingRef("globex", "openai.default");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant UNTIL = NOW.plus(Duration.ofDays(7));

    private CommandLookups lookups;
    private DataKeyStore keys;
    private CredentialVersions versions;
    private AggregateTestFixture<Credential> fixture;

    @BeforeEach
    void setUp() {
        lookups = mock(CommandLookups.class);
        keys = mock(DataKeyStore.class);
        versions = mock(CredentialVersions.class);
        when(lookups.credentialHolding(org.mockito.ArgumentMatchers.any())).thenReturn(Optional.empty());
        fixture = CredentialFixtures.newFixture(lookups, keys, versions);
        fixture.setReportIllegalStateChange(true);
    }

    @Test
    void aDeletionWithAWindowUnbindsEverythingAsBeforeButKeepsTheDataKey() {
        fixture.givenCurrentTime(NOW)
                .andGiven(created(), bound(ACME_DEFAULT), bound(ACME_BOT))
                .when(new DeleteCredential(CREDENTIAL_ID, null, UNTIL))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        equalTo(new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, null, 2, UNTIL)),
                        equalTo(cascade(ACME_DEFAULT)),
                        equalTo(cascade(ACME_BOT)),
                        andNoMore())))
                .expectResultMessagePayload(new Versioned<>(new DeletionResult(CREDENTIAL_ID,
                        List.of(ACME_DEFAULT, ACME_BOT)), 5L));

        verify(keys, never()).destroyAllOf(anyString());
    }

    @Test
    void aWindowThatHasAlreadyEndedIsRefused() {
        fixture.givenCurrentTime(NOW)
                .andGiven(created())
                .when(new DeleteCredential(CREDENTIAL_ID, null, NOW))
                .expectException(IllegalArgumentException.class)
                .expectNoEvents();

        verify(keys, never()).destroyAllOf(anyString());
    }

    @Test
    void aRestoreWithinTheWindowMakesItActiveAndRebindsTheFreeSettingsEachCausedByTheRestore() {
        when(lookups.credentialHolding(ACME_BOT)).thenReturn(Optional.of("cred-other"));
        when(lookups.instanceRemoved("globex")).thenReturn(true);

        fixture.givenCurrentTime(NOW)
                .andGiven(deletedWithWindow(ACME_DEFAULT, ACME_BOT, GLOBEX_DEFAULT))
                .andGivenCurrentTime(NOW.plus(Duration.ofDays(6)))
                .when(new RestoreCredential(CREDENTIAL_ID))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(
                        equalTo(new CredentialRestored(CREDENTIAL_ID, NAME, PROVIDER, envelope("1"), 1,
                                List.of(ACME_DEFAULT), List.of(ACME_BOT, GLOBEX_DEFAULT))),
                        equalTo(bound(ACME_DEFAULT)),
                        andNoMore())))
                .expectEventsMatching(eventsSatisfying("rebinds caused by the restore",
                        RecoveryWindowAggregateTest::assertCausedByTheRestore))
                .expectResultMessagePayload(new Versioned<>(new RestoreResult(CREDENTIAL_ID, List.of(ACME_DEFAULT),
                        List.of(ACME_BOT, GLOBEX_DEFAULT)), 9L));

        verify(keys, never()).destroyAllOf(anyString());
    }

    @Test
    void aRestoredCredentialIsActiveAgainAndCanBeRenamedBoundAndDeletedAgain() {
        fixture.givenCurrentTime(NOW)
                .andGiven(deletedWithWindow(ACME_DEFAULT))
                .andGiven(restored(List.of(ACME_DEFAULT)), bound(ACME_DEFAULT))
                .when(new DeleteCredential(CREDENTIAL_ID))
                .expectEvents(new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 1),
                        cascade(ACME_DEFAULT));

        verify(keys).destroyAllOf(CREDENTIAL_ID);
    }

    @Test
    void aRestoreOfTheCurrentSecretVersionBringsThatVersionBack() {
        fixture.givenCurrentTime(NOW)
                .andGiven(created(),
                        new CredentialSecretRotated(CREDENTIAL_ID, envelope("2"), null, "sk-…2", 2, "dk-1"),
                        new CredentialRenamed(CREDENTIAL_ID, PROVIDER, NAME, "Staging"),
                        new CredentialDeleted(CREDENTIAL_ID, "Staging", PROVIDER, null, null, 0, UNTIL))
                .when(new RestoreCredential(CREDENTIAL_ID))
                .expectEvents(new CredentialRestored(CREDENTIAL_ID, "Staging", PROVIDER, envelope("2"), 2, List.of(),
                        List.of()));
    }

    @Test
    void aRestoreOfAnActiveCredentialIsRefused() {
        fixture.givenCurrentTime(NOW)
                .andGiven(created(), bound(ACME_DEFAULT))
                .when(new RestoreCredential(CREDENTIAL_ID))
                .expectException(CredentialNotDeletedException.class)
                .expectNoEvents();
    }

    @Test
    void aRestoreOnceTheWindowHasEndedByTheClockIsRefusedEvenBeforeThePurgeRan() {
        fixture.givenCurrentTime(NOW)
                .andGiven(deletedWithWindow(ACME_DEFAULT))
                .andGivenCurrentTime(NOW.plus(Duration.ofDays(7)))
                .when(new RestoreCredential(CREDENTIAL_ID))
                .expectException(RecoveryWindowClosedException.class)
                .expectExceptionMessage(containsString(UNTIL.toString()))
                .expectNoEvents();
    }

    @Test
    void aRestoreOfACredentialShreddedAtDeletionIsRefused() {
        fixture.givenCurrentTime(NOW)
                .andGiven(created(), new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 0))
                .when(new RestoreCredential(CREDENTIAL_ID))
                .expectException(RecoveryWindowClosedException.class)
                .expectExceptionMessage(containsString("without a recovery window"))
                .expectNoEvents();
    }

    @Test
    void aRestoreAfterThePurgeIsRefused() {
        fixture.givenCurrentTime(NOW)
                .andGiven(deletedWithWindow())
                .andGiven(new CredentialPurged(CREDENTIAL_ID, NAME, PROVIDER, "dk-1"))
                .when(new RestoreCredential(CREDENTIAL_ID))
                .expectException(RecoveryWindowClosedException.class)
                .expectNoEvents();
    }

    @Test
    void aRestoreWithAStaleExpectedVersionIsRefused() {
        when(versions.current(CREDENTIAL_ID)).thenReturn(3L);

        fixture.givenCurrentTime(NOW)
                .andGiven(deletedWithWindow(ACME_DEFAULT))
                .when(new RestoreCredential(CREDENTIAL_ID, 2L))
                .expectException(VersionMismatchException.class)
                .expectNoEvents();
    }

    @Test
    void aPurgeBeforeTheWindowEndsIsRefusedAndTheKeySurvives() {
        fixture.givenCurrentTime(NOW)
                .andGiven(deletedWithWindow())
                .andGivenCurrentTime(NOW.plus(Duration.ofDays(7).minusSeconds(1)))
                .when(new PurgeCredential(CREDENTIAL_ID))
                .expectException(RecoveryWindowOpenException.class)
                .expectNoEvents();

        verify(keys, never()).destroyAllOf(anyString());
    }

    @Test
    void aPurgeOnceTheWindowEndedDestroysTheDataKey() {
        fixture.givenCurrentTime(NOW)
                .andGiven(deletedWithWindow(ACME_DEFAULT))
                .andGivenCurrentTime(NOW.plus(Duration.ofDays(7)))
                .when(new PurgeCredential(CREDENTIAL_ID))
                .expectEvents(new CredentialPurged(CREDENTIAL_ID, NAME, PROVIDER, "dk-1"));

        verify(keys).destroyAllOf(CREDENTIAL_ID);
    }

    @Test
    void aSecondPurgeIsRefusedSoOnlyOnePurgeEventEverExists() {
        fixture.givenCurrentTime(NOW)
                .andGiven(deletedWithWindow())
                .andGiven(new CredentialPurged(CREDENTIAL_ID, NAME, PROVIDER, "dk-1"))
                .andGivenCurrentTime(NOW.plus(Duration.ofDays(8)))
                .when(new PurgeCredential(CREDENTIAL_ID))
                .expectException(CredentialDeletedException.class)
                .expectNoEvents();

        verify(keys, never()).destroyAllOf(anyString());
    }

    @Test
    void twoPurgesThroughCommandsYieldOnePurgedEvent() {
        fixture.givenCurrentTime(NOW)
                .andGivenCommands(new CreateCredential(CREDENTIAL_ID, NAME, PROVIDER, sealed("1")),
                        new DeleteCredential(CREDENTIAL_ID, null, UNTIL))
                .andGivenCurrentTime(NOW.plus(Duration.ofDays(7)))
                .andGivenCommands(new PurgeCredential(CREDENTIAL_ID))
                .when(new PurgeCredential(CREDENTIAL_ID))
                .expectException(CredentialDeletedException.class)
                .expectNoEvents();
    }

    @Test
    void aPurgeOfACredentialShreddedAtDeletionOrOfAnActiveOneIsRefused() {
        fixture.givenCurrentTime(NOW)
                .andGiven(created(), new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 0))
                .when(new PurgeCredential(CREDENTIAL_ID))
                .expectException(CredentialDeletedException.class)
                .expectNoEvents();

        CredentialFixtures.newFixture(lookups, keys, versions).givenCurrentTime(NOW)
                .andGiven(deletedWithWindow())
                .andGiven(restored(List.of()))
                .andGivenCurrentTime(NOW.plus(Duration.ofDays(8)))
                .when(new PurgeCredential(CREDENTIAL_ID))
                .expectException(CredentialNotDeletedException.class)
                .expectNoEvents();
        verify(keys, never()).destroyAllOf(anyString());
    }

    @Test
    void registeringTheSameKeyDuringTheWindowIsRefusedPointingAtTheRestore() {
        doThrow(DuplicateSecretException.heldInRecoveryWindow("cred-deleted", UNTIL))
                .when(lookups).requireSecretUnused("fp-1", null);

        fixture.givenNoPriorActivity()
                .when(new CreateCredential(CREDENTIAL_ID, "Other", PROVIDER, sealed("1")))
                .expectException(DuplicateSecretException.class)
                .expectExceptionMessage(containsString("restore"))
                .expectNoEvents();

        verify(keys, never()).store(anyString(), anyString(), anyString());
    }

    @Test
    void aDeletedButRestorableCredentialStillRefusesEveryOtherCommand() {
        fixture.givenCurrentTime(NOW)
                .andGiven(deletedWithWindow())
                .when(new RenameCredential(CREDENTIAL_ID, "Other"))
                .expectException(CredentialDeletedException.class)
                .expectNoEvents();
    }

    private static List<Object> deletedWithWindow(SettingRef... settings) {
        List<Object> events = new java.util.ArrayList<>();
        events.add(created());
        for (SettingRef setting : settings) {
            events.add(bound(setting));
        }
        events.add(new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, null, settings.length, UNTIL));
        for (SettingRef setting : settings) {
            events.add(cascade(setting));
        }
        return events;
    }

    private static CredentialRestored restored(List<SettingRef> rebound) {
        return new CredentialRestored(CREDENTIAL_ID, NAME, PROVIDER, envelope("1"), 1, rebound, List.of());
    }

    private static SettingUnbound cascade(SettingRef setting) {
        return new SettingUnbound(CREDENTIAL_ID, setting.instanceId(), setting.settingKey(),
                UnbindReason.CREDENTIAL_DELETED);
    }

    private static void assertCausedByTheRestore(List<EventMessage<?>> events) {
        EventMessage<?> restore = events.get(0);
        assertThat(restore.getPayload()).isInstanceOf(CredentialRestored.class);
        assertThat(events.subList(1, events.size())).isNotEmpty().allSatisfy(rebind -> {
            assertThat(rebind.getPayload()).isInstanceOf(SettingBound.class);
            assertThat(rebind.getMetaData().get(CAUSATION_ID)).isEqualTo(restore.getIdentifier());
        });
    }
}
