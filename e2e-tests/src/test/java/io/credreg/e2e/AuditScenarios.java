package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import tools.jackson.databind.JsonNode;

/** The audit log through HTTP: a deletion cascade seen by correlation, by credential, page by page and exported. */
public abstract class AuditScenarios extends E2ETestBase {

    @Test
    @DisplayName("a deletion and each of its unbinds share the request's correlation id; the log shows all of it")
    void deletionCascadeInTheAuditLog() {
        String secret = Ids.secret();
        String name = Ids.name("audit key");
        String id = createCredential(OPENAI, name, secret);
        String instance = "audit-" + Ids.random(8);
        List<String> settings = List.of("openai.default", "openai.bot.a", "openai.bot.b");
        settings.forEach(setting -> bind(instance, setting, id));
        String rotator = "bob-" + Ids.random(6);
        Instant beforeRotation = Instant.now().minusSeconds(1);
        api.command("PUT", "/api/credentials/" + id + "/secret").as(rotator).json("secret", Ids.secret())
                .send().expect(200);
        Instant afterRotation = Instant.now().plusSeconds(1);
        String request = "req-" + Ids.random(12);
        String correlation = api.command("DELETE", "/api/credentials/" + id).as("alice").requestId(request).send()
                .expect(200).header("X-Correlation-Id").orElseThrow();
        assertThat(correlation).as("the registry's correlation id, not the caller's request id").isNotEqualTo(request);

        // Everything the deletion request caused, together.
        List<JsonNode> caused = eventually("the deletion and its unbinds are in the audit log", () -> {
            Api.Response r = api.get("/api/audit/correlations/" + correlation).expect(200, 404);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            List<JsonNode> items = array(r.json(), "items");
            assertThat(items).as("%s", r).hasSize(1 + settings.size());
            return items;
        });
        assertThat(caused).extracting(e -> text(e, "type"))
                .containsExactly("CredentialDeleted", "SettingUnbound", "SettingUnbound", "SettingUnbound");
        // Sending the deletion's correlation id as one's own request id does not join the deletion's correlation.
        String intruder = createCredentialWithRequestId(correlation);
        eventually("the intruding creation is in the audit log", () -> assertThat(array(
                api.get("/api/audit?credentialId=" + intruder).expect(200).json(), "items")).hasSize(1));
        assertThat(array(api.get("/api/audit/correlations/" + correlation).expect(200).json(), "items"))
                .as("the deletion's correlation after an intruder sent its id").hasSize(1 + settings.size());
        assertThat(caused).extracting(e -> text(e, "correlationId")).containsOnly(correlation);
        assertThat(caused.subList(1, caused.size())).extracting(e -> text(e, "reason"))
                .containsOnly("CREDENTIAL_DELETED");
        assertThat(caused.subList(1, caused.size())).extracting(e -> text(e, "instanceId") + " " + text(e, "settingKey"))
                .containsExactlyInAnyOrderElementsOf(settings.stream().map(s -> instance + " " + s).toList());
        // each unbind was caused by the deletion event, not by the command that caused the deletion
        String deletionCause = text(caused.get(0), "causationId");
        assertThat(caused.subList(1, caused.size())).extracting(e -> text(e, "causationId"))
                .doesNotContain(deletionCause).containsOnly(text(caused.get(1), "causationId"));
        assertThat(text(caused.get(1), "summary")).isEqualTo("openai key '" + name + "' unbound from instance "
                + instance + " setting " + text(caused.get(1), "settingKey") + " because it was deleted by alice");

        // The credential's whole life, in order, and the same page by page.
        // Pages stop where every segment has arrived (and below a young gap), so they may show it a moment later.
        List<JsonNode> life = eventually("the credential's life is in its audit pages", () -> {
            List<JsonNode> items = array(api.get("/api/audit?credentialId=" + id).expect(200).json(), "items");
            assertThat(items).extracting(e -> text(e, "type")).containsExactly("CredentialCreated",
                    "SettingBound", "SettingBound", "SettingBound", "CredentialSecretRotated", "CredentialDeleted",
                    "SettingUnbound", "SettingUnbound", "SettingUnbound");
            return items;
        });
        JsonNode rotation = life.get(4);
        assertThat(rotation.get("secretVersion").asInt()).isEqualTo(2);
        assertThat(text(rotation, "summary")).isEqualTo("openai key '" + name + "' rotated to secret version 2 by "
                + rotator);
        assertThat(pageByPage("/api/audit?credentialId=" + id, 4)).isEqualTo(life);

        // An actor in a time range.
        List<JsonNode> rotations = array(api.get("/api/audit?actor=" + rotator + "&from=" + beforeRotation + "&to="
                + afterRotation).expect(200).json(), "items");
        assertThat(rotations).extracting(e -> text(e, "type")).containsExactly("CredentialSecretRotated");
        assertThat(array(api.get("/api/audit?actor=" + rotator + "&to=" + beforeRotation).expect(200).json(),
                "items")).isEmpty();

        // Exports of the same filter, streamed.
        Api.Response ndjson = api.get("/api/audit?credentialId=" + id + "&format=ndjson").expect(200);
        assertThat(ndjson.contentType()).startsWith("application/x-ndjson");
        assertThat(ndjson.body().lines().map(line -> Api.JSON.readTree(line)).toList()).isEqualTo(life);
        Api.Response csv = api.get("/api/audit?credentialId=" + id + "&format=csv").expect(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        List<String> rows = csv.body().lines().toList();
        assertThat(rows.get(0)).isEqualTo("sequence,type,occurredAt,actor,reason,credentialId,instanceId,settingKey,"
                + "secretVersion,correlationId,causationId,summary,actorTokenId,actorRole");
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.substring(0, row.indexOf(',')))
                .containsExactlyElementsOf(life.stream().map(e -> e.get("sequence").asString()).toList());

        // Nothing of the secret, anywhere.
        assertThat(List.of(ndjson.body(), csv.body(), life.toString(), caused.toString())).noneMatch(
                body -> body.contains(secret));
    }

    @Test
    @DisplayName("bad audit parameters are refused with a problem naming the parameter")
    void badParametersAreRefused() {
        api.get("/api/audit?limit=0").expectProblem(400, "invalid-request");
        api.get("/api/audit?cursor=nonsense").expectProblem(400, "invalid-request");
        api.get("/api/audit?from=yesterday").expectProblem(400, "invalid-request");
        api.get("/api/audit?type=Nope").expectProblem(400, "invalid-request");
        api.get("/api/audit?format=xml").expectProblem(400, "invalid-request");
        api.get("/api/audit/correlations/no-such-request-" + Ids.random(8)).expectProblem(404, "not-found");
    }

    private List<JsonNode> pageByPage(String path, int limit) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get(path + "&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor))
                    .expect(200).json();
            List<JsonNode> items = array(page, "items");
            assertThat(items.size()).isLessThanOrEqualTo(limit);
            all.addAll(items);
            cursor = text(page, "next");
        } while (cursor != null);
        return all;
    }

    private String createCredentialWithRequestId(String requestId) {
        return api.command("POST", "/api/credentials").requestId(requestId)
                .json("name", Ids.name("intruder"), "provider", OPENAI, "secret", Ids.secret()).send().expect(201)
                .text("id");
    }

    @Test
    @DisplayName("a signed checkpoint proves, with ./registry verify, that the history up to it is unchanged")
    void signedCheckpointsProveTheHistory() throws Exception {
        String id = createCredential(OPENAI);
        bind("checkpoint-" + Ids.random(8), "openai.default", id);
        awaitWholeChain();
        String auditor = api.issueToken("checkpoint-auditor-" + Ids.random(6), "AUDITOR", null);
        api.query("POST", "/api/audit/checkpoints").token(auditor).send().expectProblem(403, "forbidden");
        JsonNode signed = api.query("POST", "/api/audit/checkpoints").as("alice").send().expect(200).json();
        assertThat(text(signed, "algorithm")).isEqualTo("Ed25519");
        JsonNode listed = api.query("GET", "/api/audit/checkpoints?limit=5").token(auditor).send().expect(200).json();
        assertThat(listed.get(0)).as("the newest checkpoint, listed for an auditor").isEqualTo(signed);
        api.query("GET", "/api/audit/checkpoints?limit=0").as("alice").send().expectProblem(400, "invalid-request");
        // a full-width digit one, which Java's number parsing would take for 1
        api.query("GET", "/api/audit/checkpoints?limit=%EF%BC%91").as("alice").send()
                .expectProblem(400, "invalid-request");

        java.nio.file.Path kept = java.nio.file.Files.createTempFile(env.dataDir().getParent(), "checkpoint", ".json");
        java.nio.file.Files.write(kept, Api.JSON.writeValueAsBytes(signed));
        var unchanged = env.runLauncher("verify-unchanged", List.of("verify", "--checkpoint", kept.toString()),
                java.util.Map.of());
        assertThat(unchanged.exitCode()).as(unchanged.output()).isZero();
        assertThat(unchanged.output()).contains("signature: valid").contains("history up to it: unchanged");

        // an event below the checkpoint altered in the database: the proof fails, naming where
        try (java.sql.Connection c = env.jdbc()) {
            byte[] original = creationPayload(c, id);
            setCreationPayload(c, id, (new String(original, java.nio.charset.StandardCharsets.UTF_8) + " ")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                var changed = env.runLauncher("verify-changed", List.of("verify", "--checkpoint", kept.toString()),
                        java.util.Map.of());
                assertThat(changed.exitCode()).as(changed.output()).isEqualTo(1);
                assertThat(changed.output()).contains("CHANGED").contains("event-altered");
            } finally {
                setCreationPayload(c, id, original);
            }
        }
        // a checkpoint altered outside: its signature no longer holds
        java.nio.file.Files.writeString(kept, java.nio.file.Files.readString(kept)
                .replace(text(signed, "headHash"), "0".repeat(64)));
        var forged = env.runLauncher("verify-forged", List.of("verify", "--checkpoint", kept.toString()),
                java.util.Map.of());
        assertThat(forged.exitCode()).as(forged.output()).isEqualTo(1);
        assertThat(forged.output()).contains("REFUSED");
        // signed by another key than the one the operator trusts
        java.nio.file.Files.write(kept, Api.JSON.writeValueAsBytes(signed));
        var otherKey = env.runLauncher("verify-other-key", List.of("verify", "--checkpoint", kept.toString(),
                "--public-key", "MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE="), java.util.Map.of());
        assertThat(otherKey.exitCode()).as(otherKey.output()).isEqualTo(1);
        var pinned = env.runLauncher("verify-pinned", List.of("verify", "--checkpoint", kept.toString(),
                "--public-key", text(signed, "publicKey")), java.util.Map.of());
        assertThat(pinned.exitCode()).as(pinned.output()).isZero();
        assertThat(env.runLauncher("verify-usage", List.of("verify"), java.util.Map.of()).exitCode()).isEqualTo(2);
    }

    /** Waits until the audit chain covers every stored event, and is valid. */
    private void awaitWholeChain() {
        eventually("the audit chain covers every event", () -> {
            JsonNode verification = api.get("/api/audit/verify").expect(200).json();
            assertThat(verification.path("valid").asBoolean()).as("%s", verification).isTrue();
            assertThat(verification.path("unchainedEvents").asLong()).as("%s", verification).isZero();
        });
    }

    private static byte[] creationPayload(java.sql.Connection c, String credentialId) throws java.sql.SQLException {
        try (var select = c.prepareStatement("select payload from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = 0")) {
            select.setString(1, credentialId);
            try (var rs = select.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static void setCreationPayload(java.sql.Connection c, String credentialId, byte[] payload)
            throws java.sql.SQLException {
        try (var update = c.prepareStatement("update domain_event_entry set payload = ?"
                + " where aggregate_identifier = ? and sequence_number = 0")) {
            update.setBytes(1, payload);
            update.setString(2, credentialId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }
}
