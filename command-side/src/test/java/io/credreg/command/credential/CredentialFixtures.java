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

    private CredentialFixtures() {
    }

    public static AggregateTestFixture<Credential> newFixture(CommandLookups lookups, DataKeyStore keys) {
        AggregateTestFixture<Credential> fixture = new AggregateTestFixture<>(Credential.class);
        fixture.registerCommandTargetResolver(new CredentialTargetResolver());
        fixture.registerInjectableResource(lookups);
        fixture.registerInjectableResource(keys);
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
