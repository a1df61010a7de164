package io.credreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.RegistryEnvironment;

/**
 * The documented master key rotation, run on the built applications: restart with the new key and the old one as
 * previous, rotate while requests keep coming, restart with the new key alone. The registry must keep serving,
 * keep detecting duplicates of secrets registered under the old key, and never bring back a deleted credential's key.
 */
public abstract class MasterKeyRotationScenarios extends E2ETestBase {

    private static final String ROTATION = "/api/admin/master-key/rotation";

    @Test
    @DisplayName("a master key rotation re-wraps every key while serving; afterwards the old key is not needed")
    void rotateTheMasterKey() throws Exception {
        Map<String, String> active = new ConcurrentHashMap<>();
        List<String> deleted = new ArrayList<>();
        List<String> deletedKeyIds = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String secret = Ids.secret();
            active.put(createCredential(OPENAI, Ids.name("rot"), secret), secret);
        }
        List<String> ids = new ArrayList<>(active.keySet());
        for (String id : ids.subList(0, 3)) {
            String secret = Ids.secret();
            api.command("PUT", "/api/credentials/" + id + "/secret").as("alice").json("secret", secret).send()
                    .expect(200);
            active.put(id, secret);
        }
        for (String id : ids.subList(3, 6)) {
            deletedKeyIds.addAll(dataKeyIdsOf(id));
            api.command("DELETE", "/api/credentials/" + id + "?recoveryWindowDays=0").as("alice").send().expect(200);
            active.remove(id);
            deleted.add(id);
        }
        assertThat(deletedKeyIds).hasSize(3);
        String oldKey = env.masterKey();
        String newKey = RegistryEnvironment.newMasterKey();
        env.restartWithMasterKeys(newKey, oldKey);
        Api api = env.api();
        api.tokenFor("bob"); // issuing bob's token is an event of its own; the count starts after it
        long eventsBefore = env.eventCount();
        Api.Response before = api.command("GET", ROTATION).send().expect(200);
        assertThat(before.text("previousKeyId")).isEqualTo(keyId(oldKey));
        assertThat(before.text("currentKeyId")).isEqualTo(keyId(newKey));
        assertThat(before.json().path("remaining").asLong()).isGreaterThanOrEqualTo(18);

        // requests keep coming while the keys are re-wrapped
        ExecutorService traffic = Executors.newFixedThreadPool(2);
        List<Future<Integer>> running = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            running.add(traffic.submit(() -> {
                int created = 0;
                for (int i = 0; i < 15; i++) {
                    String secret = Ids.secret();
                    Api.Response r = api.command("POST", "/api/credentials").as("bob")
                            .json("name", Ids.name("during"), "provider", OPENAI, "secret", secret).send().expect(201);
                    active.put(r.text("id"), secret);
                    created++;
                }
                return created;
            }));
        }
        api.command("POST", ROTATION).send().expect(202);
        int createdDuring = 0;
        for (Future<Integer> f : running) {
            createdDuring += f.get(2, TimeUnit.MINUTES);
        }
        traffic.shutdown();
        Api.Response done = awaitRotation(api);
        assertThat(done.text("state")).as("%s", done).isEqualTo("done");
        assertThat(done.json().path("remaining").asLong()).as("%s", done).isZero();
        assertThat(countUnder(keyId(oldKey))).isZero();
        assertThat(env.eventCount()).as("a rotation appends no event").isEqualTo(eventsBefore + createdDuring);

        // the old key is no longer needed
        env.restartWithMasterKeys(newKey, null);
        Api after = env.api();
        assertThat(after.command("GET", ROTATION).send().expect(200).json().path("remaining").asLong()).isZero();
        for (String id : new ArrayList<>(active.keySet()).subList(0, 10)) {
            after.command("POST", "/api/credentials").as("alice")
                    .json("name", Ids.name("dup"), "provider", OPENAI, "secret", active.get(id)).send()
                    .expectProblem(409, "duplicate-secret");
        }
        for (String id : active.keySet()) {
            assertThat(dataKeyIdsOf(id)).as("the one live data key of %s", id).hasSize(1);
        }
        for (String id : deleted) {
            assertThat(dataKeyIdsOf(id)).as("keys of deleted %s", id).isEmpty();
        }
        for (String keyId : deletedKeyIds) {
            assertThat(countDataKey(keyId)).as("destroyed data key %s", keyId).isZero();
        }
        // and rotating secrets and creating credentials goes on as before
        String anyId = active.keySet().iterator().next();
        after.command("PUT", "/api/credentials/" + anyId + "/secret").as("alice").json("secret", Ids.secret()).send()
                .expect(200);
        createCredential(OPENAI);
        after.command("POST", ROTATION).send().expectProblem(409, "no-previous-master-key");
    }

    private Api.Response awaitRotation(Api api) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        Api.Response status = api.command("GET", ROTATION).send().expect(200);
        while ("running".equals(status.text("state")) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            status = api.command("GET", ROTATION).send().expect(200);
        }
        return status;
    }

    /**
     * A connection, waiting a little when the database has no free connection slot: the two applications hold their
     * pools, and a PostgreSQL shared with other test runs may briefly be full.
     */
    private Connection connect() throws SQLException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return env.jdbc();
            } catch (SQLException e) {
                if (!"53300".equals(e.getSQLState()) || attempt == 30) {
                    throw e;
                }
                Thread.sleep(1_000);
            }
        }
    }

    /** The registry's id of a master key: the first 8 bytes of its SHA-256, in hex. */
    private static String keyId(String base64Key) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(base64Key));
        return HexFormat.of().formatHex(digest, 0, 8);
    }

    private List<String> dataKeyIdsOf(String credentialId) throws SQLException, InterruptedException {
        return strings("select data_key_id from data_key where credential_id = ?", credentialId);
    }

    private long countUnder(String masterKeyId) throws SQLException, InterruptedException {
        return strings("select data_key_id from data_key where master_key_id = ?", masterKeyId).size();
    }

    private long countDataKey(String dataKeyId) throws SQLException, InterruptedException {
        return strings("select data_key_id from data_key where data_key_id = ?", dataKeyId).size();
    }

    private List<String> strings(String sql, String parameter) throws SQLException, InterruptedException {
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
