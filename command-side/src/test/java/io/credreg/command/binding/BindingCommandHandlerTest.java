package io.credreg.command.binding;

import io.credreg.command.credential.SettingNotBoundException;
import io.credreg.command.credential.ProviderMismatchException;
import io.credreg.api.binding.BindToInstance;
import io.credreg.api.binding.BindingResult;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.binding.UnbindSetting;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.instance.InstanceRemovalResult;
import io.credreg.api.instance.RemoveInstance;
import io.credreg.command.token.TokenDirectory;
import org.axonframework.modelling.command.Repository;
import io.credreg.command.credential.Credential;
import io.credreg.command.credential.CredentialDeletedException;
import io.credreg.command.credential.CredentialFixtures;
import io.credreg.command.credential.CredentialVersions;
import io.credreg.command.credential.Versioned;
import io.credreg.command.rule.VersionMismatchException;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.lookup.StaleLookupException;
import io.credreg.command.secret.DataKeyStore;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.credreg.command.credential.CredentialFixtures.CREDENTIAL_ID;
import static io.credreg.command.credential.CredentialFixtures.NAME;
import static io.credreg.command.credential.CredentialFixtures.PROVIDER;
import static io.credreg.command.credential.CredentialFixtures.bound;
import static io.credreg.command.credential.CredentialFixtures.created;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** {@link BindingCommandHandler} against one credential's stream, with the lookups mocked. */
class BindingCommandHandlerTest {

    private static final SettingRef ACME_DEFAULT = new SettingRef("acme", "openai.default");
    private static final SettingRef ACME_BOT = new SettingRef("acme", "openai.bot.42");

    private CommandLookups lookups;
    private AggregateTestFixture<Credential> fixture;

    private CredentialVersions versions;

    @BeforeEach
    void setUp() {
        lookups = mock(CommandLookups.class);
        versions = mock(CredentialVersions.class);
        fixture = CredentialFixtures.newFixture(lookups, mock(DataKeyStore.class), versions);
        fixture.registerAnnotatedCommandHandler(new BindingCommandHandler(fixture.getRepository(), lookups,
                mock(Repository.class), mock(TokenDirectory.class)));
        when(lookups.credentialHolding(ACME_DEFAULT)).thenReturn(Optional.empty());
        when(lookups.credentialHolding(ACME_BOT)).thenReturn(Optional.empty());
    }

    @Test
    void bindingAFreeSettingBindsItWithNothingReplaced() {
        fixture.given(created())
                .when(bind(ACME_DEFAULT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SettingBound(CREDENTIAL_ID, "acme", "openai.default", PROVIDER, null))
                .expectResultMessagePayload(new Versioned<>(
                        new BindingResult("acme", "openai.default", CREDENTIAL_ID, null), 1L));
    }

    @Test
    void aNoOpBindThatTheLookupContradictsIsRetriedNotAnswered() {
        // The credential's (cached) state says it holds the setting; the lookup, written in the same transaction as
        // the events, says nobody does: another process changed the credential (e.g. deleted it) since it was cached.
        // A no-op appends nothing, so no append would fail: the handler itself must refuse to answer from stale state.
        fixture.given(created(), bound(ACME_DEFAULT))
                .when(bind(ACME_DEFAULT))
                .expectException(StaleLookupException.class)
                .expectNoEvents();
    }

    @Test
    void aBotSettingNeedsTheProviderOfItsFirstSegment() {
        fixture.given(created())
                .when(bind(ACME_BOT))
                .expectEvents(new SettingBound(CREDENTIAL_ID, "acme", "openai.bot.42", PROVIDER, null));
    }

    @Test
    void bindingASettingAlreadyHeldByTheSameCredentialChangesNothing() {
        when(lookups.credentialHolding(ACME_DEFAULT)).thenReturn(Optional.of(CREDENTIAL_ID));
        when(versions.current(CREDENTIAL_ID)).thenReturn(1L);

        fixture.given(created(), bound(ACME_DEFAULT))
                .when(bind(ACME_DEFAULT))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new Versioned<>(
                        new BindingResult("acme", "openai.default", CREDENTIAL_ID, null), 1L));
    }

    @Test
    void aSettingOfAnotherProviderIsRefused() {
        SettingRef difyDefault = new SettingRef("acme", "dify.default");
        when(lookups.credentialHolding(difyDefault)).thenReturn(Optional.empty());

        fixture.given(created())
                .when(bind(difyDefault))
                .expectException(ProviderMismatchException.class)
                .expectExceptionMessage(allOf(containsString("dify"), containsString(PROVIDER)))
                .expectNoEvents();
    }

    @Test
    void aProviderThatIsOnlyAPrefixOfTheSettingsProviderIsRefused() {
        SettingRef openaiX = new SettingRef("acme", "openaix.default");
        when(lookups.credentialHolding(openaiX)).thenReturn(Optional.empty());

        fixture.given(created())
                .when(bind(openaiX))
                .expectException(ProviderMismatchException.class)
                .expectNoEvents();
    }

    @Test
    void aDeletedCredentialCannotBeBound() {
        fixture.given(created(), new CredentialDeleted(CREDENTIAL_ID, NAME, PROVIDER, "fp-1", "dk-1", 0))
                .when(bind(ACME_DEFAULT))
                .expectException(CredentialDeletedException.class)
                .expectNoEvents();
    }

    @Test
    void unbindingUnbindsTheHolderAsRequested() {
        when(lookups.credentialHolding(ACME_DEFAULT)).thenReturn(Optional.of(CREDENTIAL_ID));

        fixture.given(created(), bound(ACME_DEFAULT))
                .when(new UnbindSetting("acme", "openai.default"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new SettingUnbound(CREDENTIAL_ID, "acme", "openai.default", UnbindReason.REQUESTED));
    }

    @Test
    void unbindingASettingThatHoldsNothingIsRefused() {
        fixture.given(created())
                .when(new UnbindSetting("acme", "openai.default"))
                .expectException(SettingNotBoundException.class)
                .expectExceptionMessage(allOf(containsString("openai.default"), containsString("acme")))
                .expectNoEvents();
    }

    @Test
    void aHolderThatNoLongerHoldsTheSettingIsAStaleLookupToRetryNotANotFound() {
        // the lookup was read before another command (a replacement, a deletion) moved the setting away
        when(lookups.credentialHolding(ACME_DEFAULT)).thenReturn(Optional.of(CREDENTIAL_ID));

        fixture.given(created(), bound(ACME_DEFAULT),
                        new SettingUnbound(CREDENTIAL_ID, "acme", "openai.default", UnbindReason.REPLACED))
                .when(new UnbindSetting("acme", "openai.default"))
                .expectException(StaleLookupException.class)
                .expectNoEvents();
    }

    @Test
    void anInstanceRemovalThatMeetsAStaleLookupUnbindsNothingAndIsRetried() {
        Map<SettingRef, String> settings = new LinkedHashMap<>();
        settings.put(ACME_BOT, CREDENTIAL_ID);
        settings.put(ACME_DEFAULT, CREDENTIAL_ID);
        when(lookups.settingsOf("acme")).thenReturn(settings);

        fixture.given(created(), bound(ACME_BOT))
                .when(new RemoveInstance("acme"))
                .expectException(StaleLookupException.class)
                .expectNoEvents();
    }

    @Test
    void removingAnInstanceUnbindsEachOfItsSettings() {
        Map<SettingRef, String> settings = new LinkedHashMap<>();
        settings.put(ACME_BOT, CREDENTIAL_ID);
        settings.put(ACME_DEFAULT, CREDENTIAL_ID);
        when(lookups.settingsOf("acme")).thenReturn(settings);
        SettingRef otherInstance = new SettingRef("globex", "openai.default");

        fixture.given(created(), bound(ACME_DEFAULT), bound(otherInstance), bound(ACME_BOT))
                .when(new RemoveInstance("acme"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(
                        new SettingUnbound(CREDENTIAL_ID, "acme", "openai.bot.42", UnbindReason.INSTANCE_REMOVED),
                        new SettingUnbound(CREDENTIAL_ID, "acme", "openai.default", UnbindReason.INSTANCE_REMOVED))
                .expectResultMessagePayload(new InstanceRemovalResult("acme", List.of(ACME_BOT, ACME_DEFAULT), List.of()));
    }

    @Test
    void removingAnInstanceWithoutBindingsIsRefusedAsUnknown() {
        when(lookups.settingsOf("ghost")).thenReturn(Map.of());

        fixture.given(created(), bound(ACME_DEFAULT))
                .when(new RemoveInstance("ghost"))
                .expectException(InstanceNotFoundException.class)
                .expectExceptionMessage(containsString("ghost"))
                .expectNoEvents();
    }

    private static BindToInstance bind(SettingRef setting) {
        return new BindToInstance(setting.instanceId(), setting.settingKey(), CREDENTIAL_ID);
    }

    @Test
    void aBindWithAStaleExpectedVersionOfItsCredentialIsRefusedAndAppendsNothing() {
        when(versions.current(CREDENTIAL_ID)).thenReturn(1L);

        fixture.given(created(), bound(ACME_BOT))
                .when(new BindToInstance("acme", "openai.default", CREDENTIAL_ID, 0L))
                .expectException(VersionMismatchException.class)
                .expectNoEvents();
    }

    @Test
    void aBindAtTheExpectedVersionAnswersTheVersionAfterIt() {
        when(versions.current(CREDENTIAL_ID)).thenReturn(1L);

        fixture.given(created(), bound(ACME_BOT))
                .when(new BindToInstance("acme", "openai.default", CREDENTIAL_ID, 1L))
                .expectEvents(new SettingBound(CREDENTIAL_ID, "acme", "openai.default", PROVIDER, null))
                .expectResultMessagePayload(new Versioned<>(
                        new BindingResult("acme", "openai.default", CREDENTIAL_ID, null), 2L));
    }

    @Test
    void anUnbindWithAStaleExpectedVersionOfTheHolderIsRefusedAndAppendsNothing() {
        when(lookups.credentialHolding(ACME_DEFAULT)).thenReturn(Optional.of(CREDENTIAL_ID));
        when(versions.current(CREDENTIAL_ID)).thenReturn(1L);

        fixture.given(created(), bound(ACME_DEFAULT))
                .when(new UnbindSetting("acme", "openai.default", 0L))
                .expectException(VersionMismatchException.class)
                .expectNoEvents();
    }

    @Test
    void anUnbindAtTheExpectedVersionAnswersTheHoldersVersionAfterIt() {
        when(lookups.credentialHolding(ACME_DEFAULT)).thenReturn(Optional.of(CREDENTIAL_ID));
        when(versions.current(CREDENTIAL_ID)).thenReturn(1L);

        fixture.given(created(), bound(ACME_DEFAULT))
                .when(new UnbindSetting("acme", "openai.default", 1L))
                .expectEvents(new SettingUnbound(CREDENTIAL_ID, "acme", "openai.default", UnbindReason.REQUESTED))
                .expectResultMessagePayload(2L);
    }
}
