package io.credreg.command.credential;

import io.credreg.command.lookup.DuplicateSecretException;
import io.credreg.command.lookup.DuplicateNameException;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CreateCredential;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.DeleteCredential;
import io.credreg.api.credential.DeletionResult;
import io.credreg.api.credential.ReadSecretVersion;
import io.credreg.api.credential.RenameCredential;
import io.credreg.api.credential.SealedSecret;
import io.credreg.api.credential.SecretResolved;
import io.credreg.api.credential.RotateCredentialSecret;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.lookup.StaleLookupException;
import io.credreg.command.secret.DataKeyStore;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.util.List;

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
import static org.mockito.Mockito.when;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** The {@link Credential} aggregate's own commands: create, rename, rotate, delete, and every refusal. */
class CredentialAggregateTest {

    private static final SettingRef ACME_DEFAULT = new SettingRef("acme", "openai.default");
    private static final SettingRef ACME_BOT = new SettingRef("acme", "openai.bot.42");
    private static final SettingRef GLOBEX_DEFAULT = new SettingRef("globex", "openai.default");

    private CommandLookups lookups;
    private DataKeyStore keys;
    private AggregateTestFixture<Credential> fixture;

    @BeforeEach
    void setUp() {
        lookups = mock(CommandLookups.class);
        keys = mock(DataKeyStore.class);
        fixture = CredentialFixtures.newFixture(lookups, keys);
    }

    @Nested
    class Create {

        @Test
        void recordsCiphertextFingerprintHintAndVersionOneAndStoresTheWrappedDataKey() {
            fixture.givenNoPriorActivity()
                    .when(new CreateCredential(CREDENTIAL_ID, NAME, PROVIDER, sealed("1")))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new CredentialCreated(CREDENTIAL_ID, NAME, PROVIDER, envelope("1"), null,
                            "sk-…1", 1));

            verify(lookups).requireSecretUnused("fp-1", null);
            verify(lookups).requireNameUnused(PROVIDER, NAME, null);
            // the fingerprint goes to the lookup table only, never into the event
            verify(lookups).claimSecret("fp-1", CREDENTIAL_ID);
            verify(keys).store("dk-1", CREDENTIAL_ID, "wrapped-1");
        }

        @Test
        void aSecretNotSealedAsVersionOneOfThisCredentialIsRefused() {
            SealedSecret foreign = new SealedSecret("dk-1", "wrapped-1", envelope("1"), "fp-1", "…", "cred-2", 1);

            fixture.givenNoPriorActivity()
                    .when(new CreateCredential(CREDENTIAL_ID, NAME, PROVIDER, foreign))
                    .expectException(IllegalArgumentException.class)
                    .expectNoEvents();

            verifyNoInteractions(keys, lookups);
        }

        @Test
        void aSecretAlreadyRegisteredIsRefusedWithTheHolderAndNothingIsStored() {
            doThrow(new DuplicateSecretException("cred-other")).when(lookups).requireSecretUnused("fp-1", null);

            fixture.givenNoPriorActivity()
                    .when(new CreateCredential(CREDENTIAL_ID, NAME, PROVIDER, sealed("1")))
                    .expectException(DuplicateSecretException.class)
                    .expectExceptionMessage(containsString("cred-other"))
                    .expectNoEvents();

            verifyNoInteractions(keys);
        }

        @Test
        void aNameAlreadyTakenIsRefusedAndNothingIsStored() {
            doThrow(new DuplicateNameException(PROVIDER, NAME, "cred-other"))
                    .when(lookups).requireNameUnused(PROVIDER, NAME, null);

            fixture.givenNoPriorActivity()
                    .when(new CreateCredential(CREDENTIAL_ID, NAME, PROVIDER, sealed("1")))
                    .expectException(DuplicateNameException.class)
                    .expectExceptionMessage(containsString("cred-other"))
                    .expectNoEvents();

            verifyNoInteractions(keys);
        }
    }

    @Nested
    class Rename {

        @Test
        void renamesAfterCheckingTheNewNameExceptForItself() {
            fixture.given(created())
                    .when(new RenameCredential(CREDENTIAL_ID, "Staging"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new CredentialRenamed(CREDENTIAL_ID, PROVIDER, NAME, "Staging"));

            verify(lookups).requireNameUnused(PROVIDER, "Staging", CREDENTIAL_ID);
        }

        @Test
        void aChangeOfCaseIsARename() {
            fixture.given(created())
                    .when(new RenameCredential(CREDENTIAL_ID, "PROD"))
                    .expectEvents(new CredentialRenamed(CREDENTIAL_ID, PROVIDER, NAME, "PROD"));
        }

        @Test
        void theSameNameChangesNothing() {
            when(lookups.holdsName(PROVIDER, NAME, CREDENTIAL_ID)).thenReturn(true);

            fixture.given(created())
                    .when(new RenameCredential(CREDENTIAL_ID, NAME))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();

            verify(lookups, never()).requireNameUnused(any(), any(), any());
        }

        @Test
        void theSameNameOnAStaleCopyIsRetriedNotSwallowed() {
            // another process renamed it: the lookup no longer gives this name to this credential
            when(lookups.holdsName(PROVIDER, NAME, CREDENTIAL_ID)).thenReturn(false);

            fixture.given(created())
                    .when(new RenameCredential(CREDENTIAL_ID, NAME))
                    .expectException(StaleLookupException.class)
                    .expectNoEvents();
        }

        @Test
        void theNameOfRenamedEventsIsTheOneComparedAgainst() {
            when(lookups.holdsName(PROVIDER, "Staging", CREDENTIAL_ID)).thenReturn(true);

            fixture.given(created(), new CredentialRenamed(CREDENTIAL_ID, PROVIDER, NAME, "Staging"))
                    .when(new RenameCredential(CREDENTIAL_ID, "Staging"))
                    .expectNoEvents();
        }

        @Test
        void aNameTakenByAnotherCredentialIsRefused() {
            doThrow(new DuplicateNameException(PROVIDER, "Staging", "cred-other"))
                    .when(lookups).requireNameUnused(PROVIDER, "Staging", CREDENTIAL_ID);

            fixture.given(created())
                    .when(new RenameCredential(CREDENTIAL_ID, "Staging"))
                    .expectException(DuplicateNameException.class)
                    .expectNoEvents();
        }

        @Test
        void aDeletedCredentialCannotBeRenamed() {
            fixture.given(created(), deleted(0))
                    .when(new RenameCredential(CREDENTIAL_ID, "Staging"))
                    .expectException(CredentialDeletedException.class)
                    .expectNoEvents();

            verifyNoInteractions(lookups);
        }
    }

    @Nested
    class Rotate {

        @Test
        void replacesTheSecretAsVersionTwoStoringTheNewKeyAndDestroyingThePreviousOne() {
            fixture.given(created(), bound(ACME_DEFAULT))
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("2")))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(new CredentialSecretRotated(CREDENTIAL_ID, envelope("2"), null, "sk-…2", 2, "dk-1"))
                    .expectResultMessagePayload(new Versioned<>(2, 2L))
                    .expectState(credential -> assertThat(credential.isBoundTo(ACME_DEFAULT))
                            .as("bindings survive a rotation").isTrue());

            verify(lookups).requireSecretUnused("fp-2", null);
            verify(lookups).claimSecret("fp-2", CREDENTIAL_ID);
            InOrder order = inOrder(keys);
            order.verify(keys).store("dk-2", CREDENTIAL_ID, "wrapped-2");
            order.verify(keys).destroy("dk-1");
        }

        @Test
        void aSecondRotationDestroysTheKeyOfTheFirstRotation() {
            fixture.given(created(),
                            new CredentialSecretRotated(CREDENTIAL_ID, envelope("2"), "fp-2", "sk-…2", 2, "dk-1"))
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("3")))
                    .expectEvents(new CredentialSecretRotated(CREDENTIAL_ID, envelope("3"), null, "sk-…3", 3, "dk-2"))
                    .expectResultMessagePayload(new Versioned<>(3, 2L));

            verify(keys).destroy("dk-2");
            verify(keys, never()).destroy("dk-1");
        }

        @Test
        void aSecretAlreadyRegisteredIsRefusedAndNoKeyIsTouched() {
            doThrow(new DuplicateSecretException("cred-other")).when(lookups).requireSecretUnused("fp-2", null);

            fixture.given(created())
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("2")))
                    .expectException(DuplicateSecretException.class)
                    .expectNoEvents();

            verifyNoInteractions(keys);
        }

        @Test
        void aSecretSealedForAnotherVersionIsRefusedNamingTheCurrentOneAndNothingIsStored() {
            fixture.given(created(),
                            new CredentialSecretRotated(CREDENTIAL_ID, envelope("2"), "fp-2", "sk-…2", 2, "dk-1"))
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("2")))
                    .expectException(SecretVersionMovedException.class)
                    .expectExceptionMessage(containsString("current version is 2"))
                    .expectNoEvents();

            verifyNoInteractions(keys, lookups);
        }

        @Test
        void aSecretSealedForAnotherCredentialIsRefused() {
            SealedSecret foreign = new SealedSecret("dk-2", "wrapped-2", envelope("2"), "fp-2", "…", "cred-2", 2);

            fixture.given(created())
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, foreign))
                    .expectException(SecretVersionMovedException.class)
                    .expectNoEvents();

            verifyNoInteractions(keys, lookups);
        }

        @Test
        void theCurrentVersionIsReadWithoutRecordingAnything() {
            fixture.given(created(),
                            new CredentialSecretRotated(CREDENTIAL_ID, envelope("2"), "fp-2", "sk-…2", 2, "dk-1"))
                    .when(new ReadSecretVersion(CREDENTIAL_ID))
                    .expectNoEvents()
                    .expectResultMessagePayload(2);
        }

        @Test
        void aDeletedCredentialCannotBeRotated() {
            fixture.given(created(), deleted(0))
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("2")))
                    .expectException(CredentialDeletedException.class)
                    .expectNoEvents();

            verifyNoInteractions(keys, lookups);
        }
    }

    /**
     * Resolutions are no longer the aggregate's (issue 10), but the SecretResolved events already in credential
     * streams must keep loading: the aggregate has no handler for them and simply passes over them.
     */
    @Nested
    class OldResolutionsInTheStream {

        @Test
        void aStreamWithRecordedResolutionsStillLoadsAndRotatesFromItsCurrentVersion() {
            SealedSecret next = sealed("3");
            fixture.given(created(), bound(ACME_DEFAULT),
                            new SecretResolved(CREDENTIAL_ID, "acme", "openai.default", 1),
                            new CredentialSecretRotated(CREDENTIAL_ID, envelope("2"), "fp-2", "sk-…2", 2, "dk-1"),
                            new SecretResolved(CREDENTIAL_ID, "acme", "openai.default", 2))
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, next))
                    .expectEvents(new CredentialSecretRotated(CREDENTIAL_ID, next.envelope(), null, next.hint(), 3,
                            "dk-2"));
        }

        @Test
        void aDeletedCredentialWithRecordedResolutionsUnbindsWhatIsStillBound() {
            fixture.given(created(), bound(ACME_DEFAULT), new SecretResolved(CREDENTIAL_ID, "acme", "openai.default", 1))
                    .when(new DeleteCredential(CREDENTIAL_ID))
                    .expectEvents(new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 1),
                            new SettingUnbound(CREDENTIAL_ID, "acme", "openai.default", UnbindReason.CREDENTIAL_DELETED));
        }
    }

    @Nested
    class Delete {

        @Test
        void deletesThenUnbindsEveryBindingInBindingOrderEachCausedByTheDeletion() {
            // ACME_DEFAULT is unbound and bound again, so it is now the most recent binding
            fixture.given(created(), bound(ACME_DEFAULT), bound(ACME_BOT), bound(GLOBEX_DEFAULT),
                            new SettingUnbound(CREDENTIAL_ID, "acme", "openai.default", UnbindReason.REQUESTED),
                            bound(ACME_DEFAULT))
                    .when(new DeleteCredential(CREDENTIAL_ID))
                    .expectSuccessfulHandlerExecution()
                    .expectEventsMatching(payloadsMatching(exactSequenceOf(
                            equalTo(new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 3)),
                            equalTo(cascade(ACME_BOT)),
                            equalTo(cascade(GLOBEX_DEFAULT)),
                            equalTo(cascade(ACME_DEFAULT)),
                            andNoMore())))
                    .expectEventsMatching(eventsSatisfying("cascade unbinds caused by the deletion event",
                            CredentialAggregateTest::assertCausedByTheDeletion))
                    .expectResultMessagePayload(new Versioned<>(new DeletionResult(CREDENTIAL_ID,
                            List.of(ACME_BOT, GLOBEX_DEFAULT, ACME_DEFAULT)), 9L));

            verify(keys).destroyAllOf(CREDENTIAL_ID);
        }

        @Test
        void namesTheDataKeyOfTheCurrentSecretVersion() {
            fixture.given(created(),
                            new CredentialSecretRotated(CREDENTIAL_ID, envelope("2"), "fp-2", "sk-…2", 2, "dk-1"),
                            new CredentialRenamed(CREDENTIAL_ID, PROVIDER, NAME, "Staging"))
                    .when(new DeleteCredential(CREDENTIAL_ID))
                    .expectEvents(new CredentialDeleted(CREDENTIAL_ID, "Staging", PROVIDER, null, "dk-2", 0))
                    .expectResultMessagePayload(new Versioned<>(new DeletionResult(CREDENTIAL_ID, List.of()), 3L));

            verify(keys).destroyAllOf(CREDENTIAL_ID);
        }

        @Test
        void settingsUnboundBeforeTheDeletionAreNotUnboundAgain() {
            fixture.given(created(), bound(ACME_DEFAULT), bound(ACME_BOT),
                            new SettingUnbound(CREDENTIAL_ID, "acme", "openai.bot.42", UnbindReason.INSTANCE_REMOVED))
                    .when(new DeleteCredential(CREDENTIAL_ID))
                    .expectEvents(new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 1),
                            cascade(ACME_DEFAULT))
                    .expectResultMessagePayload(new Versioned<>(new DeletionResult(CREDENTIAL_ID, List.of(ACME_DEFAULT)), 5L));
        }

        @Test
        void aDeletedCredentialCannotBeDeletedAgain() {
            fixture.given(created(), bound(ACME_DEFAULT), deleted(1), cascade(ACME_DEFAULT))
                    .when(new DeleteCredential(CREDENTIAL_ID))
                    .expectException(CredentialDeletedException.class)
                    .expectExceptionMessage(containsString(CREDENTIAL_ID))
                    .expectNoEvents();

            verify(keys, never()).destroyAllOf(anyString());
        }

        @Test
        void deletingTwiceThroughCommandsAnswersTheSecondWithGone() {
            fixture.givenCommands(new CreateCredential(CREDENTIAL_ID, NAME, PROVIDER, sealed("1")),
                            new DeleteCredential(CREDENTIAL_ID))
                    .when(new DeleteCredential(CREDENTIAL_ID))
                    .expectException(CredentialDeletedException.class)
                    .expectNoEvents();

            verify(keys).destroyAllOf(CREDENTIAL_ID);
            verify(keys).store(any(), any(), any());
        }
    }

    /**
     * A command with an expected version ({@code If-Match}) runs only while the stream, as the event store knows it,
     * is at that version; a stale one is refused before anything is touched, and appends nothing.
     */
    @Nested
    class ExpectedVersion {

        private final CredentialVersions versions = mock(CredentialVersions.class);
        private AggregateTestFixture<Credential> checked;

        @BeforeEach
        void setUp() {
            checked = CredentialFixtures.newFixture(lookups, keys, versions);
        }

        @Test
        void aRotationAtTheExpectedVersionRotatesAndAnswersTheNewVersion() {
            when(versions.current(CREDENTIAL_ID)).thenReturn(1L);

            checked.given(created(), bound(ACME_DEFAULT))
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("2"), 1L))
                    .expectEvents(new CredentialSecretRotated(CREDENTIAL_ID, envelope("2"), null, "sk-…2", 2, "dk-1"))
                    .expectResultMessagePayload(new Versioned<>(2, 2L));
        }

        @Test
        void aStaleRotationIsRefusedNamingTheCurrentVersionAndTouchesNoKeyAndNoLookup() {
            when(versions.current(CREDENTIAL_ID)).thenReturn(2L);

            checked.given(created(), bound(ACME_DEFAULT), bound(ACME_BOT))
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("2"), 1L))
                    .expectException(io.credreg.command.rule.VersionMismatchException.class)
                    .expectExceptionMessage(containsString("is at version 2, not at version 1"))
                    .expectNoEvents();

            verifyNoInteractions(keys, lookups);
        }

        @Test
        void theStoreDecidesNotACachedCopyThatFellBehind() {
            // the loaded copy is at 0, but another node appended since: the caller who read version 1 is right
            when(versions.current(CREDENTIAL_ID)).thenReturn(1L);

            checked.given(created())
                    .when(new RenameCredential(CREDENTIAL_ID, "Staging", 1L))
                    .expectEvents(new CredentialRenamed(CREDENTIAL_ID, PROVIDER, NAME, "Staging"));
        }

        @Test
        void aStaleRenameIsRefusedEvenWhenItWouldChangeNothing() {
            when(versions.current(CREDENTIAL_ID)).thenReturn(3L);

            checked.given(created())
                    .when(new RenameCredential(CREDENTIAL_ID, NAME, 0L))
                    .expectException(io.credreg.command.rule.VersionMismatchException.class)
                    .expectNoEvents();

            verifyNoInteractions(lookups);
        }

        @Test
        void aRenameThatChangesNothingAnswersTheStoresVersion() {
            when(lookups.holdsName(PROVIDER, NAME, CREDENTIAL_ID)).thenReturn(true);
            when(versions.current(CREDENTIAL_ID)).thenReturn(4L);

            checked.given(created())
                    .when(new RenameCredential(CREDENTIAL_ID, NAME, 4L))
                    .expectNoEvents()
                    .expectResultMessagePayload(4L);
        }

        @Test
        void aStaleDeletionIsRefusedAndNoKeyIsDestroyed() {
            when(versions.current(CREDENTIAL_ID)).thenReturn(1L);

            checked.given(created(), bound(ACME_DEFAULT))
                    .when(new DeleteCredential(CREDENTIAL_ID, 0L))
                    .expectException(io.credreg.command.rule.VersionMismatchException.class)
                    .expectNoEvents();

            verifyNoInteractions(keys);
        }

        @Test
        void aDeletionAtTheExpectedVersionAnswersTheVersionAfterItsCascade() {
            when(versions.current(CREDENTIAL_ID)).thenReturn(1L);

            checked.given(created(), bound(ACME_DEFAULT))
                    .when(new DeleteCredential(CREDENTIAL_ID, 1L))
                    .expectEvents(new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 1),
                            cascade(ACME_DEFAULT))
                    .expectResultMessagePayload(new Versioned<>(new DeletionResult(CREDENTIAL_ID,
                            List.of(ACME_DEFAULT)), 3L));
        }

        @Test
        void withoutAnExpectedVersionTheStoreIsNotAsked() {
            checked.given(created())
                    .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("2")))
                    .expectSuccessfulHandlerExecution();

            verifyNoInteractions(versions);
        }
    }

    private static void assertCausedByTheDeletion(List<EventMessage<?>> events) {
        assertThat(events).hasSizeGreaterThan(1);
        EventMessage<?> deletion = events.get(0);
        assertThat(deletion.getPayload()).isInstanceOf(CredentialDeleted.class);
        for (EventMessage<?> unbind : events.subList(1, events.size())) {
            assertThat(unbind.getMetaData().get(CAUSATION_ID))
                    .as("causationId of %s", unbind.getPayload())
                    .isEqualTo(deletion.getIdentifier());
        }
    }

    static CredentialDeleted deleted(int bindingCount) {
        return new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, "fp-1", "dk-1", bindingCount);
    }

    static SettingUnbound cascade(SettingRef setting) {
        return new SettingUnbound(CREDENTIAL_ID, setting.instanceId(), setting.settingKey(),
                UnbindReason.CREDENTIAL_DELETED);
    }
}
