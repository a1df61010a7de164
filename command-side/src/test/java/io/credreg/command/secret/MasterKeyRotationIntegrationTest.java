package io.credreg.command.secret;

import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.command.CommandSideApplication;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A master key rotation from start to end, over three runs of the command side on one database: the first with the
 * old key only; the second with the new key and the old one as previous, rotating while creates, secret rotations
 * and deletions run; the third with the new key only. Afterwards every active secret opens, duplicates are still
 * detected (the fingerprint key survived), deleted credentials stay undecryptable, and a start with the old key alone
 * is refused.
 */
class MasterKeyRotationIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final String OLD = key(7);
    private static final String NEW = key(42);

    @TempDir
    Path dataDir;
    private final String database = "rotation-" + UUID.randomUUID();
    /** Active credentials and their current secrets. */
    private final Map<String, String> active = new ConcurrentHashMap<>();
    /** Deleted credentials and the envelopes they had. */
    private final Map<String, Latest> deleted = new ConcurrentHashMap<>();

    @Test
    void rotatesEveryKeyWhileServingAndNeedsTheOldKeyNoMore() throws Exception {
        // 1. data under the old master key: creates, secret rotations, a deletion
        try (ConfigurableApplicationContext old = start(OLD, null)) {
            for (int i = 0; i < 60; i++) {
                create(old);
            }
            List<String> ids = new ArrayList<>(active.keySet());
            for (String id : ids.subList(0, 10)) {
                rotateSecret(old, id);
            }
            for (String id : ids.subList(10, 15)) {
                delete(old, id);
            }
            assertThat(status(old).path("remaining").asLong()).isZero();
            assertThat(status(old).path("currentKeyId").asString())
                    .isEqualTo(new MasterKey(Base64.getDecoder().decode(OLD)).id());
        }

        // 2. the new key is current, the old one previous: rotate while the registry keeps serving
        MasterKey oldKey = new MasterKey(Base64.getDecoder().decode(OLD));
        MasterKey newKey = new MasterKey(Base64.getDecoder().decode(NEW));
        try (ConfigurableApplicationContext both = start(NEW, OLD)) {
            JdbcTemplate jdbc = both.getBean(JdbcTemplate.class);
            JsonNode before = status(both);
            assertThat(before.path("previousKeyId").asString()).isEqualTo(oldKey.id());
            assertThat(before.path("currentKeyId").asString()).isEqualTo(newKey.id());
            assertThat(before.path("dataKeysRemaining").asLong()).isEqualTo(55);
            assertThat(before.path("fingerprintKeyRemaining").asBoolean()).isTrue();

            // an old secret is still known: the fingerprint key did not change with the master key
            String anOldOne = active.keySet().iterator().next();
            assertThat(send(both, "POST", "/api/credentials", createBody(active.get(anOldOne))).statusCode())
                    .isEqualTo(409);

            ExecutorService traffic = Executors.newFixedThreadPool(4);
            List<String> victims = new ArrayList<>(active.keySet()).subList(0, 20);
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                running.add(traffic.submit(() -> {
                    for (int i = 0; i < 10; i++) {
                        create(both);
                        String victim = victims.get(thread * 5 + i % 5);
                        if (i == 9 && thread < 2) {
                            delete(both, victim);
                        } else if (active.containsKey(victim)) {
                            rotateSecret(both, victim);
                        }
                    }
                    return null;
                }));
            }
            HttpResponse<String> started = send(both, "POST", "/api/admin/master-key/rotation", null);
            assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
            for (Future<?> f : running) {
                f.get(2, TimeUnit.MINUTES);
            }
            traffic.shutdown();
            JsonNode after = awaitDone(both);
            assertThat(after.path("state").asString()).isEqualTo("done");
            assertThat(after.path("remaining").asLong()).isZero();
            assertThat(after.path("rewrapped").asLong()).isPositive();
            assertThat(jdbc.queryForObject("select count(*) from data_key where master_key_id = ?", Long.class,
                    oldKey.id())).isZero();
            assertThat(jdbc.queryForObject("select master_key_id from fingerprint_key", String.class))
                    .isEqualTo(newKey.id());
        }

        // 3. the new key alone
        try (ConfigurableApplicationContext fresh = start(NEW, null)) {
            SecretSealer sealer = fresh.getBean(SecretSealer.class);
            DataKeyStore keys = fresh.getBean(DataKeyStore.class);
            EventStore events = fresh.getBean(EventStore.class);
            assertThat(active).hasSizeGreaterThan(80);
            active.forEach((id, secret) -> {
                Latest latest = latestEnvelope(events, id);
                SecretEnvelope envelope = latest.envelope();
                assertThat(sealer.open(envelope, keys.wrappedKey(envelope.dataKeyId()).orElseThrow(), id,
                        latest.version()))
                        .as("secret of %s", id).isEqualTo(secret);
            });
            // duplicates are detected for secrets registered before, during and after the rotation
            for (String id : new ArrayList<>(active.keySet()).subList(0, 10)) {
                HttpResponse<String> duplicate = send(fresh, "POST", "/api/credentials", createBody(active.get(id)));
                assertThat(duplicate.statusCode()).as(duplicate.body()).isEqualTo(409);
                assertThat(JSON.readTree(duplicate.body()).path("existingCredentialId").asString()).isEqualTo(id);
            }
            // deleted credentials stay undecryptable: their keys are gone, and no key the registry holds opens them
            JdbcTemplate jdbc = fresh.getBean(JdbcTemplate.class);
            List<String> wrapped = jdbc.queryForList("select wrapped_key from data_key", String.class);
            assertThat(deleted).hasSizeGreaterThanOrEqualTo(7);
            deleted.forEach((id, latest) -> {
                SecretEnvelope envelope = latest.envelope();
                assertThat(keys.wrappedKey(envelope.dataKeyId())).isEmpty();
                for (String candidate : wrapped) {
                    assertThatThrownBy(() -> sealer.open(envelope, candidate, id, latest.version()))
                            .isInstanceOf(SecretCryptoException.class);
                }
            });
            // new secrets work as ever
            create(fresh);
            assertThat(send(fresh, "POST", "/api/admin/master-key/rotation", null).statusCode()).isEqualTo(409);
        }

        // a start with the old key alone is refused rather than serving secrets it cannot open
        assertThatThrownBy(() -> start(OLD, null).close())
                .hasStackTraceContaining("which this process does not hold");
    }

    // ---------------------------------------------------------------- helpers

    /** The bootstrap admin token of the three starts: every request of this test is an admin's. */
    private static final String ADMIN_TOKEN = "crt_rotation-test-" + UUID.randomUUID();

    private ConfigurableApplicationContext start(String masterKey, String previous) {
        // command-line arguments, because they outrank application.yml (builder properties would not)
        return new SpringApplicationBuilder(CommandSideApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1",
                "--registry.master-key=" + masterKey,
                "--registry.previous-master-key=" + (previous == null ? "" : previous),
                "--registry.data-dir=" + dataDir,
                "--registry.admin-token=" + ADMIN_TOKEN,
                "--registry.master-key-rotation.batch-size=5",
                "--spring.jmx.enabled=false");
    }

    private void create(ConfigurableApplicationContext app) throws IOException, InterruptedException {
        String secret = "sk-rot-" + UUID.randomUUID();
        HttpResponse<String> created = send(app, "POST", "/api/credentials", createBody(secret));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        active.put(JSON.readTree(created.body()).path("id").asString(), secret);
    }

    private static String createBody(String secret) {
        return JSON.writeValueAsString(Map.of("name", "rot " + UUID.randomUUID(), "provider", "openai",
                "secret", secret));
    }

    private void rotateSecret(ConfigurableApplicationContext app, String id) throws Exception {
        String secret = "sk-rot-" + UUID.randomUUID();
        HttpResponse<String> rotated = send(app, "PUT", "/api/credentials/" + id + "/secret",
                JSON.writeValueAsString(Map.of("secret", secret)));
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        active.put(id, secret);
    }

    private void delete(ConfigurableApplicationContext app, String id) throws Exception {
        Latest envelope = latestEnvelope(app.getBean(EventStore.class), id);
        active.remove(id);
        HttpResponse<String> gone = send(app, "DELETE", "/api/credentials/" + id + "?recoveryWindowDays=0", null); // shredded at once
        assertThat(gone.statusCode()).as(gone.body()).isEqualTo(200);
        deleted.put(id, envelope);
    }

    /** A credential's current envelope and the version it was sealed for. */
    private record Latest(SecretEnvelope envelope, int version) {
    }

    private static Latest latestEnvelope(EventStore events, String id) {
        Latest latest = null;
        for (DomainEventMessage<?> event : events.readEvents(id).asStream().toList()) {
            if (event.getPayload() instanceof CredentialCreated created) {
                latest = new Latest(created.secret(), created.secretVersion());
            } else if (event.getPayload() instanceof CredentialSecretRotated rotated) {
                latest = new Latest(rotated.secret(), rotated.secretVersion());
            }
        }
        return latest;
    }

    private JsonNode status(ConfigurableApplicationContext app) throws Exception {
        HttpResponse<String> status = send(app, "GET", "/api/admin/master-key/rotation", null);
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        return JSON.readTree(status.body());
    }

    private JsonNode awaitDone(ConfigurableApplicationContext app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        JsonNode status = status(app);
        while (status.path("state").asString().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = status(app);
        }
        return status;
    }

    private static HttpResponse<String> send(ConfigurableApplicationContext app, String method, String path,
                                             String body) throws IOException, InterruptedException {
        String port = app.getEnvironment().getProperty("local.server.port");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String key(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return Base64.getEncoder().encodeToString(key);
    }
}
