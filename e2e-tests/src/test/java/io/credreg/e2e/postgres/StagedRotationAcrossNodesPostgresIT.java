package io.credreg.e2e.postgres;

import static io.credreg.e2e.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.TwoCommandNodes;

/**
 * Staged rotation (decision 0210) across two command nodes over one PostgreSQL event store: both nodes poll for the
 * same due promotions and retirements (every 200 ms), and each credential is still promoted exactly once and its
 * previous version retired exactly once, whichever node staged it. Runs after the other PostgreSQL classes (it resets
 * the schema).
 */
@Order(93)
class StagedRotationAcrossNodesPostgresIT extends TwoCommandNodes {

    private static final int CREDENTIALS = 12;
    private static final Map<String, String> FAST_POLLS = Map.of("REGISTRY_STAGED_ROTATION_POLL_INTERVAL", "200ms");





    @Override
    protected Map<String, String> commandEnv() {
        return FAST_POLLS;
    }

    @Test
    @DisplayName("two polling nodes promote each staged version once and retire each previous version once")
    void promotionAndRetirementHappenOnce() {
        List<String> credentials = new ArrayList<>();
        Map<String, String> instances = new HashMap<>();
        Map<String, String> staged = new HashMap<>();
        for (int i = 0; i < CREDENTIALS; i++) {
            Api api = i % 2 == 0 ? apiA : apiB;
            String credential = api.command("POST", "/api/credentials").as("alice")
                    .json("name", Ids.name("staged-nodes"), "provider", "openai", "secret", Ids.secret()).send()
                    .expect(201).text("id");
            String instance = Ids.instance("staged-nodes" + i);
            api.command("PUT", "/api/instances/" + instance + "/settings/openai.default").as("alice")
                    .json("credentialId", credential).send().expect(200);
            String secret = "sk-staged-nodes-" + Ids.random(24);
            api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice")
                    .json("secret", secret, "stage", "pending", "promote", "after", "promoteAfterSeconds", 1,
                            "graceSeconds", 1).send().expect(200);
            credentials.add(credential);
            instances.put(credential, instance);
            staged.put(credential, secret);
        }

        for (String credential : credentials) {
            eventually("credential " + credential + " promoted and its v1 retired", () -> {
                Map<String, Integer> events = eventCounts(credential);
                assertThat(events.getOrDefault("SecretVersionRetired", 0)).isEqualTo(1);
            });
        }
        sleep(1_000); // a late poll of either node would show now
        for (String credential : credentials) {
            Map<String, Integer> events = eventCounts(credential);
            assertThat(events).as("credential %s", credential).containsEntry("CredentialSecretStaged", 1)
                    .containsEntry("CredentialSecretPromoted", 1).containsEntry("SecretVersionRetired", 1);
            String path = "/api/instances/" + instances.get(credential) + "/settings/openai.default/secret";
            for (Api api : List.of(apiA, apiB)) {
                Api.Response current = api.command("GET", path).as("alice").send().expect(200);
                assertThat(current.json().get("version").asInt()).isEqualTo(2);
                assertThat(current.text("secret")).isEqualTo(staged.get(credential));
                api.command("GET", path + "?version=1").as("alice").send()
                        .expectProblem(410, "secret-version-retired");
            }
        }
    }

    private Map<String, Integer> eventCounts(String credential) {
        try (Connection db = cluster.jdbc(); PreparedStatement query = db.prepareStatement(
                "select payload_type, count(*) from domain_event_entry where aggregate_identifier = ? "
                        + "group by payload_type")) {
            query.setString(1, credential);
            Map<String, Integer> counts = new HashMap<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String type = rows.getString(1);
                    counts.put(type.substring(type.lastIndexOf('.') + 1), rows.getInt(2));
                }
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
