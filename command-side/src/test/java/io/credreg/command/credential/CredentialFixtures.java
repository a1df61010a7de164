package io.credreg.command.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.SealedSecret;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.secret.DataKeyStore;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.List;
import java.util.function.Consumer;

/**
 * Builds {@link AggregateTestFixture}s of {@link Credential} the way the application wires it (the package-private
 * {@link CredentialTargetResolver}, lookups and key store as injectable resources), plus small builders of messages.
 */
public final class CredentialFixtures {

    public static final String CREDENTIAL_ID = "cred-1";
    public static final String NAME = "Prod";
    public static final String PROVIDER = "openai";

    /**
     * What the target resolver asks before a load (has the deletion committed?): kept apart from the aggregate's own
     * lookups, so the aggregate's tests see only what the aggregate asks, and answering no, so the aggregate decides.
     */
    private static final CommandLookups NO_DELETION_IN_LOOKUPS = org.mockito.Mockito.mock(CommandLookups.class);

    private CredentialFixtures() {
    }

    public static AggregateTestFixture<Credential> newFixture(CommandLookups lookups, DataKeyStore keys) {
        return newFixture(lookups, keys, org.mockito.Mockito.mock(CredentialVersions.class));
    }

    /** {@code versions} stands in for the event store a command with an expected version is checked against. */
    public static AggregateTestFixture<Credential> newFixture(CommandLookups lookups, DataKeyStore keys,
                                                              CredentialVersions versions) {
        AggregateTestFixture<Credential> fixture = new AggregateTestFixture<>(Credential.class);
        fixture.registerCommandTargetResolver(new CredentialTargetResolver(NO_DELETION_IN_LOOKUPS));
        fixture.registerInjectableResource(lookups);
        fixture.registerInjectableResource(keys);
        fixture.registerInjectableResource(versions);
        return fixture;
    }

    /** A stand-in for what {@code SecretSealer} produces; the aggregate never looks inside. */
    public static SealedSecret sealed(String version) {
        return new SealedSecret("dk-" + version, "wrapped-" + version, envelope(version), "fp-" + version,
                "sk-…" + version, CREDENTIAL_ID, Integer.parseInt(version));
    }

    public static SecretEnvelope envelope(String version) {
        return new SecretEnvelope("dk-" + version, "nonce-" + version, "ciphertext-" + version,
                SecretEnvelope.FORMAT_BOUND);
    }

    public static CredentialCreated created() {
        return new CredentialCreated(CREDENTIAL_ID, NAME, PROVIDER, envelope("1"), "fp-1", "sk-…1", 1);
    }

    public static SettingBound bound(SettingRef setting) {
        return new SettingBound(CREDENTIAL_ID, setting.instanceId(), setting.settingKey(), PROVIDER, null);
    }

    /** A matcher over the published event messages that runs AssertJ-style assertions and reports their failure. */
    public static Matcher<List<EventMessage<?>>> eventsSatisfying(String description,
                                                                   Consumer<List<EventMessage<?>>> assertions) {
        return new TypeSafeMatcher<>() {
            private AssertionError failure;

            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                try {
                    assertions.accept(events);
                    return true;
                } catch (AssertionError e) {
                    failure = e;
                    return false;
                }
            }

            @Override
            public void describeTo(Description out) {
                out.appendText(description);
                if (failure != null) {
                    out.appendText(" (" + failure.getMessage() + ")");
                }
            }
        };
    }
}
