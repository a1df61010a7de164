package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 13 item 12: a secret's ciphertext is bound to its credential and version. Someone who can write the event
 * store moves one credential's envelope into another credential's stream; the registry refuses to serve it, with a
 * problem of its own and not a 5xx, and serves the untouched credential as before. A resolution reads the
 * credential's current envelope from {@code credential_secret} (issue 10), so the attacker moves it there as well as in
 * the stream; the refusal records no resolution (nothing recorded means nothing served, and a refusal is none).
 * <p>
 * This class restarts the registry (so that no cached aggregate hides the altered stream).
 */
public abstract class SecretBindingScenarios extends E2ETestBase {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @Test
    @DisplayName("an envelope moved into another credential's stream is refused, not served")
    void aMovedEnvelopeDoesNotDecrypt() throws Exception {
        // not in the leak ledger: the victim's own resolution rightly answers with it
        String victimSecret = "sk-bound-" + Ids.random(24);
        String victim = createCredential(OPENAI, Ids.name("bound victim"), victimSecret);
        String target = createCredential(OPENAI, Ids.name("bound target"), Ids.secret());
        String victimInstance = Ids.instance("bound-v");
        String targetInstance = Ids.instance("bound-t");
        bind(victimInstance, "openai.default", victim);
        bind(targetInstance, "openai.default", target);

        // the chain must hold the creation as it was stored, so that putting it back leaves the chain valid
        eventually("the target's creation is chained", () -> assertThat(chained(target)).isTrue());
        byte[] targetCreation = moveEnvelope(victim, target);
        try {
            refusedAfterTheMove(victim, victimSecret, target, targetInstance, victimInstance);
        } finally {
            // later tests share this registry and verify the audit chain over every stored event
            restoreCreation(target, targetCreation);
        }
        JsonNode verified = env.api().get("/api/audit/verify").expect(200).json();
        assertThat(verified.get("valid").asBoolean()).as("%s", verified).isTrue();
    }

    private boolean chained(String credentialId) {
        try (Connection c = env.jdbc();
             PreparedStatement s = c.prepareStatement("select count(*) from audit_chain_entry a "
                     + "join domain_event_entry e on e.global_index = a.global_index "
                     + "where e.aggregate_identifier = ? and e.sequence_number = 0")) {
            s.setString(1, credentialId);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getLong(1) == 1;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private void refusedAfterTheMove(String victim, String victimSecret, String target, String targetInstance,
                                     String victimInstance) throws Exception {
        env.restart();
        Api api = env.api();

        Api.Response refused = api.command("GET", resolvePath(targetInstance)).send()
                .expectProblem(409, "secret-unreadable");
        assertThat(refused.text("detail")).contains(target).contains("version 1");
        assertThat(refused.body()).doesNotContain(victimSecret).doesNotContain("Exception").doesNotContain("AES");
        Api.Response served = api.command("GET", resolvePath(victimInstance)).send().expect(200);
        assertThat(served.text("secret")).isEqualTo(victimSecret);
        assertThat(Files.readString(env.commandLog(), StandardCharsets.UTF_8)).doesNotContain(victimSecret)
                .contains("Refused to serve the secret of credential " + target);
        try (Connection c = env.jdbc()) {
            // each resolution is recorded before its answer leaves, so both counts are final here
            assertThat(recordedResolutions(c, victim)).as("the victim's served resolution").isEqualTo(1);
            assertThat(recordedResolutions(c, target)).as("the refused resolution").isZero();
        }
    }

    @Test
    @DisplayName("hints show at most the last four characters, none of a secret shorter than sixteen")
    void hintsShowAtMostFourCharacters() {
        String longSecret = "sk-" + Ids.random(20) + "wxyz";
        String shortSecret = "short-" + Ids.random(6);
        String longId = createCredential(OPENAI, Ids.name("hint long"), longSecret);
        String shortId = createCredential(OPENAI, Ids.name("hint short"), shortSecret);

        assertThat(hintOf(longId)).isEqualTo("…wxyz");
        assertThat(hintOf(shortId)).isEqualTo("…");
        String rotated = "sk-" + Ids.random(20) + "9f3a";
        api.command("PUT", "/api/credentials/" + longId + "/secret").as("alice").json("secret", rotated).send()
                .expect(200);
        eventually("the rotated hint is projected", () -> assertThat(hintOf(longId)).isEqualTo("…9f3a"));
    }

    private String hintOf(String id) {
        return eventually("credential " + id + " is projected",
                () -> api.query("GET", "/api/credentials/" + id).send().expect(200).text("secretHint"));
    }

    private static String resolvePath(String instance) {
        return "/api/instances/" + instance + "/settings/openai.default/secret";
    }

    /**
     * Replaces the envelope in {@code target}'s creation event by the one of {@code victim}'s, as an attacker would.
     * Returns the creation event's payload as it was, for {@link #restoreCreation}.
     */
    private byte[] moveEnvelope(String victim, String target) throws SQLException {
        try (Connection c = env.jdbc()) {
            JsonNode victimEnvelope = JSON.readTree(createdPayload(c, victim)).get("secret");
            byte[] original = createdPayload(c, target);
            ObjectNode targetPayload = (ObjectNode) JSON.readTree(original);
            targetPayload.set("secret", victimEnvelope);
            try (PreparedStatement update = c.prepareStatement("update domain_event_entry set payload = ? "
                    + "where aggregate_identifier = ? and sequence_number = 0")) {
                update.setBytes(1, JSON.writeValueAsBytes(targetPayload));
                update.setString(2, target);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement update = c.prepareStatement("update credential_secret set (data_key_id, nonce, "
                    + "ciphertext, envelope_format) = (select v.data_key_id, v.nonce, v.ciphertext, v.envelope_format "
                    + "from credential_secret v where v.credential_id = ?) where credential_id = ?")) {
                update.setString(1, victim);
                update.setString(2, target);
                assertThat(update.executeUpdate()).isEqualTo(1);
            }
            return original;
        }
    }

    /** Puts the target's creation event back as it was stored (its credential_secret row stays moved: unread later). */
    private void restoreCreation(String target, byte[] original) throws SQLException {
        try (Connection c = env.jdbc();
             PreparedStatement update = c.prepareStatement("update domain_event_entry set payload = ? "
                     + "where aggregate_identifier = ? and sequence_number = 0")) {
            update.setBytes(1, original);
            update.setString(2, target);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    /** The SecretResolved events stored for a credential (non-aggregate events, outside its stream). */
    private static long recordedResolutions(Connection c, String credentialId) throws SQLException {
        long count = 0;
        try (PreparedStatement s = c.prepareStatement("select payload from domain_event_entry "
                + "where payload_type = 'io.credreg.api.credential.SecretResolved'");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                JsonNode payload = JSON.readTree(rs.getBytes(1));
                if (credentialId.equals(payload.get("credentialId").asString())) {
                    count++;
                }
            }
        }
        return count;
    }

    private static byte[] createdPayload(Connection c, String id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select payload from domain_event_entry "
                + "where aggregate_identifier = ? and sequence_number = 0")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("creation event of %s", id).isTrue();
                return rs.getBytes(1);
            }
        }
    }
}
