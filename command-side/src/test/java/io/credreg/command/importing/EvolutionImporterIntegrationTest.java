package io.credreg.command.importing;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.command.CommandSideIntegrationTest;
import io.credreg.command.importing.SourceSnapshot.BotRow;
import io.credreg.command.importing.SourceSnapshot.CredsRow;
import io.credreg.command.importing.SourceSnapshot.InstanceRow;
import io.credreg.command.importing.SourceSnapshot.SettingRow;
import io.credreg.command.secret.DataKeyStore;
import io.credreg.command.secret.SecretSealer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.CAUSATION_ID;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static io.credreg.api.EventMetadata.SOURCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The importer inside the real command side (H2, Flyway, Axon, lookups): it writes through the ordinary commands,
 * its metadata reaches the stored events, its secrets are sealed like the HTTP edge's, and a second run writes
 * nothing at all.
 */
class EvolutionImporterIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    private EvolutionImporter importer;
    @Autowired
    private SecretSealer sealer;
    @Autowired
    private DataKeyStore keys;

    private String run(ImportPlan plan, String correlationId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EvolutionImporter.Outcome outcome = importer.execute(plan, correlationId,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(outcome.failed()).as(bytes.toString(StandardCharsets.UTF_8)).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void importedEventsCarrySourceActorCorrelationAndLegacyIdsAndASecondRunWritesNothing() {
        String instance = unique("evo");
        String key = newSecret();
        String otherKey = newSecret();
        String name = unique("Evolution key");
        SourceSnapshot source = new SourceSnapshot(
                List.of(new InstanceRow("i1", instance)),
                List.of(new CredsRow("c1", name, key, "i1"), new CredsRow("c2", "copy", " " + key, "i1"),
                        new CredsRow("c3", name, otherKey, "i1")),
                List.of(new SettingRow("s1", "i1", "c2")),
                List.of(new BotRow("b1", "i1", "c3", false)));

        ImportPlan plan = importer.plan(source);
        assertThat(plan.summary()).isEqualTo("credentials.create=2 credentials.reused=0 merged.keys=1 merged.rows=2 "
                + "bindings.create=2 bindings.in-place=0 bindings.kept=0 skipped=0");
        long before = eventRowCount();
        String output = run(plan, "import-test-1");

        assertThat(eventRowCount()).isEqualTo(before + 4);
        assertThat(output).doesNotContain(key).doesNotContain(otherKey);
        String merged = holderOf(new SettingRef(instance, "openai.default")).orElseThrow();
        String second = holderOf(new SettingRef(instance, "openai.bot.b1")).orElseThrow();
        List<DomainEventMessage<?>> events = eventsOf(merged);
        assertThat(events).hasSize(2);

        DomainEventMessage<?> created = events.get(0);
        assertThat(created.getPayload()).isInstanceOfSatisfying(CredentialCreated.class, event -> {
            assertThat(event.name()).isEqualTo(name);
            assertThat(event.provider()).isEqualTo("openai");
            // sealed like the edge seals: the fingerprint of the trimmed key, and it opens to the key
            assertThat(event.fingerprint()).as("fingerprints stay out of events").isNull();
            assertThat(jdbc.queryForList("select fingerprint from secret_fingerprint where credential_id = ?",
                    String.class, event.credentialId())).containsExactly(sealer.fingerprint(key));
            assertThat(sealer.open(event.secret(), keys.wrappedKey(event.secret().dataKeyId()).orElseThrow(),
                    event.credentialId(), 1))
                    .isEqualTo(key);
        });
        assertThat(created.getMetaData()).containsEntry(SOURCE, "import").containsEntry(ACTOR, "import")
                .containsEntry(CORRELATION_ID, "import-test-1").containsEntry("legacyCredsIds", "c1,c2")
                .containsEntry("legacySystem", "evolution").containsKey(CAUSATION_ID);

        DomainEventMessage<?> bound = events.get(1);
        assertThat(bound.getPayload()).isInstanceOf(SettingBound.class);
        assertThat(bound.getMetaData()).containsEntry(SOURCE, "import").containsEntry(ACTOR, "import")
                .containsEntry(CORRELATION_ID, "import-test-1").containsEntry("legacyInstanceId", "i1")
                .containsEntry("legacySettingId", "s1").containsEntry("legacyCredsId", "c2");

        List<DomainEventMessage<?>> secondEvents = eventsOf(second);
        assertThat(secondEvents.get(0).getPayload()).isInstanceOfSatisfying(CredentialCreated.class,
                event -> assertThat(event.name()).isEqualTo(name + " (c3)"));
        assertThat(secondEvents.get(1).getMetaData()).containsEntry("legacyBotId", "b1")
                .containsEntry("legacyCredsId", "c3").doesNotContainKey("legacySettingId");

        // Again: the keys are recognised by fingerprint, the bindings are in place, nothing is written.
        ImportPlan again = importer.plan(source);
        assertThat(again.summary()).isEqualTo("credentials.create=0 credentials.reused=2 merged.keys=1 merged.rows=2 "
                + "bindings.create=0 bindings.in-place=2 bindings.kept=0 skipped=0");
        run(again, "import-test-2");
        assertThat(eventRowCount()).isEqualTo(before + 4);
    }

    @Test
    void aSettingBoundElsewhereIsLeftAloneAndAKeyRegisteredThroughTheApiIsReused() {
        String instance = unique("evo");
        String key = newSecret();
        String existing = createCredential("openai", key);
        String other = createOpenAiCredential();
        bindOk(new SettingRef(instance, "openai.default"), other);
        SourceSnapshot source = new SourceSnapshot(List.of(new InstanceRow("i1", instance)),
                List.of(new CredsRow("c1", unique("k"), key, "i1")),
                List.of(new SettingRow("s1", "i1", "c1")),
                List.of(new BotRow("b1", "i1", "c1", true)));

        ImportPlan plan = importer.plan(source);
        long before = eventRowCount();
        run(plan, "import-test-3");

        assertThat(plan.reused()).singleElement().satisfies(c -> assertThat(c.existingId()).isEqualTo(existing));
        assertThat(holderOf(new SettingRef(instance, "openai.default"))).contains(other);
        assertThat(holderOf(new SettingRef(instance, "openai.bot.b1"))).contains(existing);
        assertThat(eventRowCount()).isEqualTo(before + 1);
    }
}
