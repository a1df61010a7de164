package io.credreg.command.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.command.CommandSideIntegrationTest;
import io.credreg.command.lookup.CommandLookups;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.credreg.api.EventMetadata.CAUSATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** Decision 0200 through the REST edge and the real tables: delete with a window, restore, purge. */
class RecoveryWindowIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    private CommandLookups lookups;
    @Autowired
    private CommandGateway commands;
    @Autowired
    private RecoveryWindowProperties properties;

    @Test
    void withinTheWindowTheCredentialIsGoneToConsumersThenARestoreBringsItBackWithItsFreeSettings() {
        String secret = newSecret();
        String name = unique("cred");
        String id = create(name, "openai", secret).json().get("id").asString();
        SettingRef kept = new SettingRef(unique("inst"), "openai.default");
        SettingRef taken = new SettingRef(unique("inst"), "openai.default");
        bindOk(kept, id);
        bindOk(taken, id);

        Reply deleted = delete("/api/credentials/" + id + "?recoveryWindowDays=3");
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(200);
        assertThat(unboundOf(deleted)).containsExactly(kept, taken);
        // consumers see it gone; its data key and its claims survive
        assertThat(send("GET", settingPath(kept) + "/secret", null, null).status()).isEqualTo(410);
        assertThat(jdbc.queryForObject("select count(*) from data_key where credential_id = ?", Long.class, id))
                .isEqualTo(1);
        Instant until = lookups.restorableUntil(id).orElseThrow();
        assertThat(Duration.between(Instant.now(), until)).isBetween(Duration.ofDays(3).minusMinutes(1),
                Duration.ofDays(3));

        // registering the same key points at the restore; the name stays taken too
        Reply sameKey = create(unique("again"), "openai", secret);
        assertThat(sameKey.status()).as("%s", sameKey).isEqualTo(409);
        assertThat(sameKey.contentType()).startsWith(PROBLEM_JSON);
        assertThat(sameKey.json().get("type").asString()).endsWith("/duplicate-secret");
        assertThat(sameKey.json().get("restore").asString()).isEqualTo("/api/credentials/" + id + "/restore");
        assertThat(sameKey.json().get("restorableUntil").asString()).isEqualTo(until.toString());
        assertThat(sameKey.body()).doesNotContain(secret);
        assertThat(create(name, "openai", newSecret()).status()).isEqualTo(409);

        // meanwhile another credential takes one of its settings
        String other = createOpenAiCredential();
        bindOk(taken, other);

        long versionBefore = eventsOf(id).size() - 1;
        Reply restored = post("/api/credentials/" + id + "/restore", null, "If-Match", "\"" + versionBefore + "\"");
        assertThat(restored.status()).as("%s", restored).isEqualTo(200);
        assertThat(restored.json().get("rebound")).hasSize(1);
        assertThat(restored.json().get("rebound").get(0).get("instanceId").asString()).isEqualTo(kept.instanceId());
        assertThat(restored.json().get("notRebound").get(0).get("instanceId").asString())
                .isEqualTo(taken.instanceId());
        assertThat(restored.header("ETag")).isEqualTo("\"" + (versionBefore + 2) + "\"");

        Reply resolved = send("GET", settingPath(kept) + "/secret", null, null);
        assertThat(resolved.status()).as("%s", resolved).isEqualTo(200);
        assertThat(resolved.json().get("secret").asString()).isEqualTo(secret);
        assertThat(holderOf(taken)).contains(other);
        assertThat(lookups.restorableUntil(id)).isEmpty();

        List<DomainEventMessage<?>> events = eventsOf(id);
        DomainEventMessage<?> restore = events.get(events.size() - 2);
        assertThat(restore.getPayload()).isInstanceOf(CredentialRestored.class);
        assertThat(events.get(events.size() - 1).getPayload()).isInstanceOf(SettingBound.class);
        assertThat(events.get(events.size() - 1).getMetaData().get(CAUSATION_ID)).isEqualTo(restore.getIdentifier());
        assertThat(bindingsAfter(events)).containsExactly(kept);
    }

    @Test
    void aRetriedRestoreWithItsIdempotencyKeyAnswersTheOriginalRestoreAndDoesNothingAgain() {
        String id = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("inst"), "openai.default");
        bindOk(setting, id);
        assertThat(delete("/api/credentials/" + id + "?recoveryWindowDays=1").status()).isEqualTo(200);
        String key = unique("restore-key");

        Reply first = post("/api/credentials/" + id + "/restore", null, "Idempotency-Key", key);
        Reply retry = post("/api/credentials/" + id + "/restore", null, "Idempotency-Key", key);

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(payloads(eventsOf(id)).stream().filter(CredentialRestored.class::isInstance)).hasSize(1);
        assertThat(post("/api/credentials/" + id + "/restore", null).status()).isEqualTo(409);
    }

    @Test
    void refusedRestoresAreProblemsAndLeaveNoEvent() {
        String active = createOpenAiCredential();
        String shredded = createOpenAiCredential();
        assertThat(delete("/api/credentials/" + shredded + "?recoveryWindowDays=0").status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from data_key where credential_id = ?", Long.class,
                shredded)).isZero();
        long events = eventRowCount();

        Reply notDeleted = post("/api/credentials/" + active + "/restore", null);
        assertThat(notDeleted.status()).isEqualTo(409);
        assertThat(notDeleted.json().get("type").asString()).endsWith("/credential-not-deleted");
        Reply closed = post("/api/credentials/" + shredded + "/restore", null);
        assertThat(closed.status()).isEqualTo(410);
        assertThat(closed.contentType()).startsWith(PROBLEM_JSON);
        assertThat(closed.json().get("type").asString()).endsWith("/recovery-window-closed");
        Reply unknown = post("/api/credentials/" + java.util.UUID.randomUUID() + "/restore", null);
        assertThat(unknown.status()).isEqualTo(404);
        Reply stale = post("/api/credentials/" + active + "/restore", null, "If-Match", "\"7\"");
        assertThat(stale.status()).isIn(409, 412);

        assertThat(eventRowCount()).isEqualTo(events);
    }

    @Test
    void hostileWindowsAreRefusedBeforeAnythingHappens() {
        String id = createOpenAiCredential();
        long events = eventRowCount();
        for (String hostile : List.of("-1", "31", "99999999999", "7.5", "1e1", "%207", "+7", "abc", "", "0x7",
                "%EF%BC%97", "7%00")) {
            Reply refused = delete("/api/credentials/" + id + "?recoveryWindowDays=" + hostile);
            assertThat(refused.status()).as("recoveryWindowDays=%s: %s", hostile, refused).isEqualTo(400);
            assertThat(refused.contentType()).startsWith(PROBLEM_JSON);
        }
        assertThat(eventRowCount()).isEqualTo(events);
        assertThat(lookups.restorableUntil(id)).isEmpty();
    }

    @Test
    void withoutAWindowInTheRequestTheConfiguredDefaultApplies() {
        String id = createOpenAiCredential();
        assertThat(deleteCredential(id).status()).isEqualTo(200);
        Instant until = lookups.restorableUntil(id).orElseThrow();
        assertThat(Duration.between(Instant.now(), until))
                .isBetween(properties.window(properties.defaultDays()).minusMinutes(1),
                        properties.window(properties.defaultDays()));
    }

    /**
     * Two pollers (as on two nodes) purge at once once the window has ended: one CredentialPurged, the data key row
     * gone, the secret's claims released, and the secret unrecoverable.
     */
    @Test
    void twoPollersPurgeAnEndedWindowExactlyOnceAndTheSecretIsGoneForGood() throws Exception {
        String secret = newSecret();
        String name = unique("cred");
        String id = create(name, "openai", secret).json().get("id").asString();
        SettingRef setting = new SettingRef(unique("inst"), "openai.default");
        bindOk(setting, id);
        assertThat(delete("/api/credentials/" + id + "?recoveryWindowDays=1").status()).isEqualTo(200);

        Clock system = GenericEventMessage.clock;
        Clock later = Clock.offset(Clock.systemUTC(), Duration.ofDays(1).plusMinutes(1));
        GenericEventMessage.clock = later; // the clock the aggregate decides by
        try {
            Reply early = post("/api/credentials/" + id + "/restore", null);
            assertThat(early.status()).as("a restore once the window ended: %s", early).isEqualTo(410);
            RecoveryWindowProperties props = new RecoveryWindowProperties(7, true, Duration.ofMinutes(1), 100,
                    Duration.ofDays(1));
            RecoveryWindowPurger first = new RecoveryWindowPurger(lookups, commands, props, later);
            RecoveryWindowPurger second = new RecoveryWindowPurger(lookups, commands, props, later);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Callable<Integer>> both = List.of(first::purgeDue, second::purgeDue);
                int purged = 0;
                for (Future<Integer> done : pool.invokeAll(both, 2, TimeUnit.MINUTES)) {
                    purged += done.get();
                }
                purged += first.purgeDue(); // anything left, as a later poll would
                assertThat(eventsOf(id).stream().filter(e -> e.getPayload() instanceof CredentialPurged))
                        .singleElement().satisfies(purge -> assertThat(purge.getMetaData().get(
                                io.credreg.api.EventMetadata.ACTOR)).isEqualTo(RecoveryWindowPurger.ACTOR_NAME));
                assertThat(purged).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        } finally {
            GenericEventMessage.clock = system;
        }

        assertThat(jdbc.queryForObject("select count(*) from data_key where credential_id = ?", Long.class, id))
                .isZero();
        assertThat(lookups.restorableUntil(id)).isEmpty();
        assertThat(post("/api/credentials/" + id + "/restore", null).status()).isEqualTo(410);
        assertThat(send("GET", settingPath(setting) + "/secret", null, null).status()).isEqualTo(410);
        // the secret and the name are free: nothing left claims them
        assertThat(create(name, "openai", secret).status()).isEqualTo(201);
    }
}
