package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialSecretPromoted;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.CredentialSecretStaged;
import io.credreg.api.credential.DeleteCredential;
import io.credreg.api.credential.DeletionResult;
import io.credreg.api.credential.PromoteCredentialSecret;
import io.credreg.api.credential.PromotionTrigger;
import io.credreg.api.credential.ReadSecretVersion;
import io.credreg.api.credential.RetireSecretVersion;
import io.credreg.api.credential.RotateCredentialSecret;
import io.credreg.api.credential.SecretVersionRetired;
import io.credreg.api.credential.StageCredentialSecret;
import io.credreg.api.credential.StagedAnswer;
import io.credreg.api.credential.StagedPromotion;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.lookup.DuplicateSecretException;
import io.credreg.command.secret.DataKeyStore;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.credreg.command.credential.CredentialFixtures.CREDENTIAL_ID;
import static io.credreg.command.credential.CredentialFixtures.NAME;
import static io.credreg.command.credential.CredentialFixtures.PROVIDER;
import static io.credreg.command.credential.CredentialFixtures.bound;
import static io.credreg.command.credential.CredentialFixtures.created;
import static io.credreg.command.credential.CredentialFixtures.envelope;
import static io.credreg.command.credential.CredentialFixtures.sealed;
import static org.hamcrest.Matchers.equalTo;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/** Staged rotation (decision 0210) on the {@link Credential} aggregate: every step, invariant and refusal. */
class StagedRotationAggregateTest {

    private static final SettingRef ACME = new SettingRef("acme", "openai.default");

    private CommandLookups lookups;
    private DataKeyStore keys;
    private AggregateTestFixture<Credential> fixture;

    @BeforeEach
    void setUp() {
        lookups = mock(CommandLookups.class);
        keys = mock(DataKeyStore.class);
        fixture = CredentialFixtures.newFixture(lookups, keys);
    }

    private static StageCredentialSecret stage(String version, long grace) {
        return new StageCredentialSecret(CREDENTIAL_ID, sealed(version), StagedPromotion.MANUAL, null, grace, null);
    }

    private static CredentialSecretStaged staged(int version, long grace) {
        return new CredentialSecretStaged(CREDENTIAL_ID, envelope(Integer.toString(version)), "sk-…" + version,
                version, 1, StagedPromotion.MANUAL, null, grace, null, null);
    }

    private static PromoteCredentialSecret manualPromotion() {
        return new PromoteCredentialSecret(CREDENTIAL_ID, null, PromotionTrigger.MANUAL, null);
    }

    @Test
    void stagingKeepsTheCurrentVersionAndStoresThePendingKeyBesideIt() {
        fixture.given(created())
                .when(new StageCredentialSecret(CREDENTIAL_ID, sealed("2"), StagedPromotion.AFTER, 60L, 300, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new CredentialSecretStaged(CREDENTIAL_ID, envelope("2"), "sk-…2", 2, 1,
                        StagedPromotion.AFTER, 60L, 300, null, null))
                .expectResultMessagePayload(new Versioned<>(new StagedAnswer(1, 2), 1));

        verify(lookups).requireSecretUnused("fp-2", null);
        verify(lookups).claimStagedSecret("fp-2", CREDENTIAL_ID);
        verify(lookups, never()).claimSecret(anyString(), anyString());
        verify(keys).store("dk-2", CREDENTIAL_ID, "wrapped-2");
        verify(keys, never()).destroy(anyString()); // the current key stays
    }

    @Test
    void stagingAgainReplacesThePendingVersionWithANewerOneAndDestroysItsKey() {
        fixture.given(created(), staged(2, 60))
                .when(stage("3", 60))
                .expectEvents(new CredentialSecretStaged(CREDENTIAL_ID, envelope("3"), "sk-…3", 3, 1,
                        StagedPromotion.MANUAL, null, 60, 2, "dk-2"));

        verify(keys).destroy("dk-2");
        verify(keys, never()).destroy("dk-1");
    }

    @Test
    void aStagedSecretSealedForAnotherVersionIsRefusedAsMoved() {
        fixture.given(created(), staged(2, 60))
                .when(stage("2", 60)) // the next version is 3: a pending version never reuses a number
                .expectException(SecretVersionMovedException.class)
                .expectNoEvents();

        verifyNoInteractions(keys);
    }

    @Test
    void theNextSealedVersionCountsThePendingOne() {
        fixture.given(created(), staged(2, 60))
                .when(new ReadSecretVersion(CREDENTIAL_ID))
                .expectResultMessagePayload(2);
    }

    @Test
    void stagingASecretAlreadyRegisteredIsRefusedAndStoresNothing() {
        doThrow(new DuplicateSecretException("cred-other")).when(lookups).requireSecretUnused("fp-2", null);

        fixture.given(created())
                .when(stage("2", 60))
                .expectException(DuplicateSecretException.class)
                .expectNoEvents();

        verifyNoInteractions(keys);
    }

    @Test
    void stagingOnADeletedCredentialIsRefusedAsGone() {
        fixture.given(created(), new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 0))
                .when(stage("2", 60))
                .expectException(CredentialDeletedException.class)
                .expectNoEvents();

        verifyNoInteractions(keys);
    }

    @Test
    void aPlainRotationWhileAVersionIsPendingIsRefused() {
        fixture.given(created(), staged(2, 60))
                .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("3")))
                .expectException(PendingVersionExistsException.class)
                .expectNoEvents();

        verifyNoInteractions(keys);
    }

    @Test
    void aPlainRotationStillDestroysTheOldKeyAtOnce() {
        fixture.given(created())
                .when(new RotateCredentialSecret(CREDENTIAL_ID, sealed("2")))
                .expectEvents(new CredentialSecretRotated(CREDENTIAL_ID, envelope("2"), null, "sk-…2", 2, "dk-1"));

        verify(keys).destroy("dk-1");
    }

    @Test
    void promotionMakesThePendingVersionCurrentAndKeepsThePreviousForItsGrace() {
        fixture.given(created(), staged(2, 600))
                .when(manualPromotion())
                .expectEvents(new CredentialSecretPromoted(CREDENTIAL_ID, 2, "sk-…2", 1, "dk-1", 600,
                        PromotionTrigger.MANUAL))
                .expectResultMessagePayload(new Versioned<>(new StagedAnswer(2, null), 2));

        verify(lookups).promoteStagedSecret(CREDENTIAL_ID);
        verify(keys, never()).destroy(anyString());
    }

    @Test
    void promotionWithoutGraceRetiresThePreviousVersionInTheSameCommand() {
        fixture.given(created(), staged(2, 0))
                .when(manualPromotion())
                .expectEvents(new CredentialSecretPromoted(CREDENTIAL_ID, 2, "sk-…2", 1, "dk-1", 0,
                        PromotionTrigger.MANUAL), new SecretVersionRetired(CREDENTIAL_ID, 1, "dk-1"));

        verify(keys).destroy("dk-1");
    }

    @Test
    void aManualPromotionWithoutAPendingVersionIsRefused() {
        fixture.given(created())
                .when(manualPromotion())
                .expectException(NoPendingVersionException.class)
                .expectNoEvents();
    }

    @Test
    void aPollersPromotionOfAVersionNoLongerPendingDoesNothing() {
        fixture.given(created(), staged(2, 600), new CredentialSecretPromoted(CREDENTIAL_ID, 2, "sk-…2", 1, "dk-1",
                        600, PromotionTrigger.MANUAL))
                .when(new PromoteCredentialSecret(CREDENTIAL_ID, 2, PromotionTrigger.ALL_RESOLVED, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();

        verifyNoInteractions(lookups, keys);
    }

    @Test
    void aSecondPromotionRetiresAPreviousVersionStillInItsGraceFirst() {
        fixture.given(created(), staged(2, 600), new CredentialSecretPromoted(CREDENTIAL_ID, 2, "sk-…2", 1, "dk-1",
                        600, PromotionTrigger.MANUAL),
                        new CredentialSecretStaged(CREDENTIAL_ID, envelope("3"), "sk-…3", 3, 2,
                                StagedPromotion.MANUAL, null, 600, null, null))
                .when(manualPromotion())
                .expectEvents(new SecretVersionRetired(CREDENTIAL_ID, 1, "dk-1"),
                        new CredentialSecretPromoted(CREDENTIAL_ID, 3, "sk-…3", 2, "dk-2", 600,
                                PromotionTrigger.MANUAL));

        verify(keys).destroy("dk-1");
        verify(keys, never()).destroy("dk-2");
    }

    @Test
    void retirementDestroysThePreviousKeyExactlyOnce() {
        List<Object> promoted = List.of(created(), staged(2, 600), new CredentialSecretPromoted(CREDENTIAL_ID, 2,
                "sk-…2", 1, "dk-1", 600, PromotionTrigger.SCHEDULED));
        fixture.given(promoted)
                .when(new RetireSecretVersion(CREDENTIAL_ID, 1))
                .expectEvents(new SecretVersionRetired(CREDENTIAL_ID, 1, "dk-1"))
                .expectResultMessagePayload(true);
        verify(keys).destroy("dk-1");

        // a second node's retirement of the same version, after the first committed: nothing more
        DataKeyStore secondKeys = mock(DataKeyStore.class);
        AggregateTestFixture<Credential> second = CredentialFixtures.newFixture(lookups, secondKeys);
        second.given(append(promoted, new SecretVersionRetired(CREDENTIAL_ID, 1, "dk-1")))
                .when(new RetireSecretVersion(CREDENTIAL_ID, 1))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
        verifyNoInteractions(secondKeys);
    }

    @Test
    void deletingACredentialWithAPendingVersionDestroysAllItsKeys() {
        fixture.given(created(), bound(ACME), staged(2, 600))
                .when(new DeleteCredential(CREDENTIAL_ID))
                .expectEvents(new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 1),
                        new SettingUnbound(CREDENTIAL_ID, ACME.instanceId(), ACME.settingKey(),
                                UnbindReason.CREDENTIAL_DELETED))
                .expectResultMessagePayloadMatching(equalTo(new Versioned<>(
                        new DeletionResult(CREDENTIAL_ID, List.of(ACME)), 4)));

        verify(keys).destroyAllOf(CREDENTIAL_ID);
    }

    @Test
    void aDeletionWithARecoveryWindowShredsThePendingKeyAndKeepsTheCurrentOne() {
        java.time.Instant until = java.time.Instant.now().plus(java.time.Duration.ofDays(7));
        fixture.given(created(), staged(2, 600))
                .when(new DeleteCredential(CREDENTIAL_ID, null, until))
                .expectSuccessfulHandlerExecution();

        verify(keys).destroy("dk-2");
        verify(keys, never()).destroy("dk-1");
        verify(keys, never()).destroyAllOf(anyString());
    }

    @Test
    void promotingADeletedCredentialIsRefusedAsGone() {
        fixture.given(created(), staged(2, 600), new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, null, "dk-1", 0))
                .when(manualPromotion())
                .expectException(CredentialDeletedException.class)
                .expectNoEvents();
        verify(keys, never()).destroy(any());
    }

    private static List<Object> append(List<Object> events, Object event) {
        List<Object> all = new java.util.ArrayList<>(events);
        all.add(event);
        return all;
    }
}
