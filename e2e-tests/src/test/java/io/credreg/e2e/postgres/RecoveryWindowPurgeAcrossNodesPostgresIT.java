package io.credreg.e2e.postgres;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Cluster.Node;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.TwoCommandNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.credreg.e2e.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decision 0200 across two command nodes over one PostgreSQL store: both nodes poll for recovery windows that
 * ended (a window day lasts seconds here, and both poll every 200 ms), and every credential is purged exactly once:
 * one CredentialPurged in its stream, its data key gone, its secret unrecoverable. Runs after the other PostgreSQL
 * classes (it resets the schema).
 */
@Order(93)
class RecoveryWindowPurgeAcrossNodesPostgresIT extends TwoCommandNodes {

    private static final int CREDENTIALS = 8;
    private static final Map<String, String> FAST_WINDOWS = Map.of(
            "REGISTRY_CREDENTIALS_RECOVERYWINDOW_DAY", "3s",
            "REGISTRY_CREDENTIALS_RECOVERYWINDOW_PURGEINTERVAL", "200ms");





    @Override
    protected Map<String, String> commandEnv() {
        return FAST_WINDOWS;
    }

    @Test
    @DisplayName("two command nodes polling for ended windows purge every credential exactly once")
    void everyCredentialIsPurgedExactlyOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < CREDENTIALS; i++) {
            Api api = i % 2 == 0 ? apiA : apiB;
            String secret = Ids.secret();
            String id = api.command("POST", "/api/credentials").as("alice")
                    .json("name", Ids.name("purge " + i), "provider", "openai", "secret", secret).send().expect(201)
                    .text("id");
            api.command("PUT", "/api/instances/" + Ids.instance("purge") + "/settings/openai.default").as("alice")
                    .json("credentialId", id).send().expect(200);
            api.command("DELETE", "/api/credentials/" + id + "?recoveryWindowDays=1").as("alice").send()
                    .expect(200);
            ids.add(id);
            secrets.add(secret);
        }
        // within the window, the key survives
        assertThat(count("select count(*) from data_key where credential_id = ?", ids.get(CREDENTIALS - 1)))
                .isEqualTo(1);

        eventually("every window ended and was purged", () -> {
            for (String id : ids) {
                assertThat(count("select count(*) from pending_purge where credential_id = ?", id)).as(id).isZero();
            }
        });
        Thread.sleep(2_000); // ten more polls of each node: a second purge would show now

        int purgedByA = purgesLogged(nodeA);
        int purgedByB = purgesLogged(nodeB);
        for (int i = 0; i < CREDENTIALS; i++) {
            String id = ids.get(i);
            assertThat(count("select count(*) from domain_event_entry where aggregate_identifier = ? "
                    + "and payload_type like '%CredentialPurged'", id)).as("purges of %s", id).isEqualTo(1);
            assertThat(count("select count(*) from data_key where credential_id = ?", id)).as(id).isZero();
            (i % 2 == 0 ? apiA : apiB).command("POST", "/api/credentials/" + id + "/restore").as("alice").send()
                    .expectProblem(410, "recovery-window-closed");
            // the secret is free again: nothing claims it, and nothing could decrypt the old ciphertext
            apiA.command("POST", "/api/credentials").as("alice")
                    .json("name", Ids.name("again " + i), "provider", "openai", "secret", secrets.get(i)).send()
                    .expect(201);
        }
        assertThat(purgedByA + purgedByB).isEqualTo(CREDENTIALS);
        System.out.printf("[e2e] %d ended windows purged once each: node A purged %d, node B %d%n", CREDENTIALS,
                purgedByA, purgedByB);
    }

    private static int purgesLogged(Node node) throws java.io.IOException {
        return (int) Files.readAllLines(node.log()).stream()
                .filter(line -> line.contains("its recovery window ended, its data key is destroyed")).count();
    }

    private long count(String sql, String id) {
        try (Connection c = cluster.jdbc(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
