package io.credreg.command.infrastructure;

import io.credreg.api.binding.BindToInstance;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.DeleteCredential;
import io.credreg.command.binding.BindingCommandHandler;
import io.credreg.command.credential.Credential;
import io.credreg.command.credential.CredentialFixtures;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.secret.DataKeyStore;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ANONYMOUS;
import static io.credreg.api.EventMetadata.CAUSATION_ID;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static io.credreg.api.EventMetadata.SOURCE;
import static io.credreg.command.credential.CredentialFixtures.CREDENTIAL_ID;
import static io.credreg.command.credential.CredentialFixtures.bound;
import static io.credreg.command.credential.CredentialFixtures.created;
import static io.credreg.command.credential.CredentialFixtures.eventsSatisfying;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Invariant 4: who, correlation and causation travel from a command to every event it produces. */
class CorrelationDataTest {

    private static final SettingRef ACME_DEFAULT = new SettingRef("acme", "openai.default");
    private static final SettingRef ACME_BOT = new SettingRef("acme", "openai.bot.42");

    @Test
    void aCommandPassesItsActorAndCorrelationOnAndBecomesTheCause() {
        CommandMessage<?> command = GenericCommandMessage.asCommandMessage(new DeleteCredential("c"))
                .andMetaData(Map.of(ACTOR, "alice", CORRELATION_ID, "r-1", "unrelated", "x"));

        Map<String, ?> data = AxonConfiguration.correlationDataFor(command);

        assertThat(Map.<String, Object>copyOf(data)).isEqualTo(Map.of(ACTOR, "alice", CORRELATION_ID, "r-1",
                CAUSATION_ID, command.getIdentifier()));
    }

    @Test
    void anImportsSourceAndLegacyIdsTravelToo() {
        CommandMessage<?> command = GenericCommandMessage.asCommandMessage(new DeleteCredential("c"))
                .andMetaData(Map.of(ACTOR, "import", CORRELATION_ID, "import-1", SOURCE, "import",
                        "legacyCredsIds", "c1,c2", "legacyInstanceId", "i1", "unrelated", "x"));

        Map<String, ?> data = AxonConfiguration.correlationDataFor(command);

        assertThat(Map.<String, Object>copyOf(data)).isEqualTo(Map.of(ACTOR, "import", CORRELATION_ID, "import-1",
                CAUSATION_ID, command.getIdentifier(), SOURCE, "import", "legacyCredsIds", "c1,c2",
                "legacyInstanceId", "i1"));
    }

    @Test
    void aCommandWithoutMetadataIsAnonymousAndStartsItsOwnCorrelation() {
        CommandMessage<?> command = GenericCommandMessage.asCommandMessage(new DeleteCredential("c"));

        Map<String, ?> data = AxonConfiguration.correlationDataFor(command);

        assertThat(Map.<String, Object>copyOf(data)).isEqualTo(Map.of(ACTOR, ANONYMOUS,
                CORRELATION_ID, command.getIdentifier(), CAUSATION_ID, command.getIdentifier()));
    }

    @Test
    void theProviderBeanIsTheOneDescribed() {
        CorrelationDataProvider provider = new AxonConfiguration().actorAndCausation();
        CommandMessage<?> command = GenericCommandMessage.asCommandMessage(new DeleteCredential("c"))
                .andMetaData(Map.of(ACTOR, "bob"));

        assertThat(provider.correlationDataFor(command)).isEqualTo(AxonConfiguration.correlationDataFor(command));
    }

    /** The aggregate, run with the application's correlation data provider as Axon's configuration wires it. */
    private AggregateTestFixture<Credential> fixture;
    private final AtomicReference<String> handledCommandId = new AtomicReference<>();

    @BeforeEach
    void setUp() {
        CommandLookups lookups = mock(CommandLookups.class);
        when(lookups.credentialHolding(ACME_BOT)).thenReturn(Optional.empty());
        fixture = CredentialFixtures.newFixture(lookups, mock(DataKeyStore.class));
        fixture.registerAnnotatedCommandHandler(new BindingCommandHandler(fixture.getRepository(), lookups,
                mock(org.axonframework.modelling.command.Repository.class),
                mock(io.credreg.command.token.TokenDirectory.class)));
        fixture.registerCommandHandlerInterceptor((unitOfWork, chain) -> {
            handledCommandId.set(unitOfWork.getMessage().getIdentifier());
            return chain.proceed();
        });
        fixture.registerCommandHandlerInterceptor(
                new CorrelationDataInterceptor<>(List.of(new AxonConfiguration().actorAndCausation())));
    }

    @Test
    void aDeletionsEventsCarryTheActorAndCorrelationAndItsCascadeIsCausedByTheDeletionEvent() {
        fixture.given(created(), bound(ACME_DEFAULT), bound(ACME_BOT))
                .when(new DeleteCredential(CREDENTIAL_ID), MetaData.with(ACTOR, "alice").and(CORRELATION_ID, "r-1"))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(eventsSatisfying("actor, correlation and causation of a deletion", events -> {
                    assertThat(events).hasSize(3);
                    for (EventMessage<?> event : events) {
                        assertThat(event.getMetaData()).containsEntry(ACTOR, "alice").containsEntry(CORRELATION_ID, "r-1");
                    }
                    EventMessage<?> deletion = events.get(0);
                    assertThat(deletion.getPayload()).isInstanceOf(CredentialDeleted.class);
                    assertThat(deletion.getMetaData()).containsEntry(CAUSATION_ID, handledCommandId.get());
                    assertThat(events.subList(1, 3)).allSatisfy(unbind ->
                            assertThat(unbind.getMetaData()).containsEntry(CAUSATION_ID, deletion.getIdentifier()));
                }));
        assertThat(handledCommandId.get()).isNotNull();
    }

    @Test
    void aBindThroughTheExternalHandlerCarriesTheActorAndCorrelation() {
        fixture.given(created())
                .when(new BindToInstance("acme", "openai.bot.42", CREDENTIAL_ID),
                        MetaData.with(ACTOR, "alice").and(CORRELATION_ID, "r-1"))
                .expectEventsMatching(eventsSatisfying("actor, correlation and causation of a bind", events -> {
                    assertThat(events).hasSize(1);
                    assertThat(events.get(0).getMetaData()).containsEntry(ACTOR, "alice")
                            .containsEntry(CORRELATION_ID, "r-1")
                            .containsEntry(CAUSATION_ID, handledCommandId.get());
                }));
    }

    @Test
    void aBindsEventCarriesTheImportsSourceAndLegacyIds() {
        fixture.given(created())
                .when(new BindToInstance("acme", "openai.bot.42", CREDENTIAL_ID), MetaData.with(ACTOR, "import")
                        .and(CORRELATION_ID, "import-1").and(SOURCE, "import").and("legacyBotId", "b42"))
                .expectEventsMatching(eventsSatisfying("source and legacy ids of an imported bind", events ->
                        assertThat(events.get(0).getMetaData()).containsEntry(SOURCE, "import")
                                .containsEntry("legacyBotId", "b42").containsEntry(ACTOR, "import")));
    }

    @Test
    void withoutAnActorTheEventsSayAnonymous() {
        fixture.given(created())
                .when(new BindToInstance("acme", "openai.bot.42", CREDENTIAL_ID))
                .expectEventsMatching(eventsSatisfying("anonymous actor", events ->
                        assertThat(events.get(0).getMetaData()).containsEntry(ACTOR, ANONYMOUS)
                                .containsEntry(CORRELATION_ID, handledCommandId.get())));
    }
}
