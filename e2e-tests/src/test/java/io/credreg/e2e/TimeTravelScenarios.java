package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.number;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import tools.jackson.databind.JsonNode;

/**
 * Time travel over a real life: a rotation, a replacement, a deletion cascade, each asked about just before and at
 * the instants its events carry (read from the history); and the audit chain, valid until one stored event row is
 * altered in the database, when verification names exactly that row.
 */
public abstract class TimeTravelScenarios extends E2ETestBase {

    private static final String SETTING = "openai.default";

    @Test
    @DisplayName("time travel answers around a rotation, a replacement and a deletion cascade")
    void timeTravelAroundRotationReplacementAndCascade() {
        String a = createCredential(OPENAI, Ids.name("Old key"), Ids.secret());
        String b = createCredential(OPENAI, Ids.name("New key"), Ids.secret());
        String replaced = "tt-e2e-" + Ids.random(8);
        String kept = "tt-e2e-" + Ids.random(8);
        bind(replaced, SETTING, a);
        bind(kept, SETTING, a);
        api.command("PUT", "/api/credentials/" + a + "/secret").as("alice")
                .json("secret", Ids.secret()).send().expect(200);
        bind(replaced, SETTING, b);
        api.command("DELETE", "/api/credentials/" + a).as("alice").send().expect(200);

        List<JsonNode> historyOfA = history(a, 7);
        List<JsonNode> historyOfB = history(b, 2);
        Instant created = occurredAt(historyOfA, "CredentialCreated", null);
        Instant rotated = occurredAt(historyOfA, "CredentialSecretRotated", null);
        Instant unboundForReplacement = occurredAt(historyOfA, "SettingUnbound", "REPLACED");
        Instant boundForReplacement = occurredAt(historyOfB, "SettingBound", null);
        Instant deleted = occurredAt(historyOfA, "CredentialDeleted", null);

        api.get("/api/credentials/" + a + "?at=" + before(created)).expectProblem(404, "not-found");
        assertThat(credentialAt(a, before(rotated)).get("secretVersion").asInt()).isEqualTo(1);
        JsonNode afterRotation = credentialAt(a, rotated);
        assertThat(afterRotation.get("secretVersion").asInt()).isEqualTo(2);
        assertThat(array(afterRotation, "bindings")).extracting(binding -> text(binding, "instanceId"))
                .containsExactlyInAnyOrder(replaced, kept);

        // The replacement: old credential's unbind first, then the new one's bind, one transaction.
        assertThat(holders(replaced, before(unboundForReplacement))).containsExactly(a);
        assertThat(holders(replaced, boundForReplacement)).containsExactly(b);
        assertThat(holders(replaced, unboundForReplacement))
                .isEqualTo(unboundForReplacement.isBefore(boundForReplacement) ? List.of() : List.of(b));

        // The cascade: active with its remaining binding just before, deleted without bindings at the deletion.
        JsonNode beforeDeletion = credentialAt(a, before(deleted));
        assertThat(text(beforeDeletion, "status")).isEqualTo("active");
        assertThat(array(beforeDeletion, "bindings")).extracting(binding -> text(binding, "instanceId"))
                .containsExactly(kept);
        JsonNode atDeletion = credentialAt(a, deleted);
        assertThat(text(atDeletion, "status")).isEqualTo("deleted");
        assertThat(array(atDeletion, "bindings")).isEmpty();
        assertThat(holders(kept, before(deleted))).containsExactly(a);
        assertThat(holders(kept, deleted)).isEmpty();
        assertThat(holders(replaced, Instant.now())).containsExactly(b);

        api.get("/api/credentials/" + a + "?at=yesterday").expectProblem(400, "invalid-request");
        api.get("/api/instances/" + kept + "/settings?at=" + Instant.now().plusSeconds(3600))
                .expectProblem(400, "invalid-request");
    }

    @Test
    @DisplayName("time travel folds a snapshotted credential from its first event, not from the snapshot")
    void timeTravelOverASnapshottedCredential() throws SQLException {
        Instant beforeCreation = Instant.now();
        String id = createCredential(OPENAI);
        String prefix = "tt-snap-" + Ids.random(8);
        int bindings = 110; // the command side snapshots a credential after 100 events
        for (int i = 0; i < bindings; i++) {
            bind(prefix + "-" + i, SETTING, id);
        }
        try (Connection c = env.jdbc(); PreparedStatement s = c.prepareStatement(
                "select count(*) from snapshot_event_entry where aggregate_identifier = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("snapshots of " + id).isPositive();
            }
        }

        JsonNode now = credentialAt(id, Instant.now());
        assertThat(text(now, "status")).isEqualTo("active");
        assertThat(number(now, "bindingCount")).isEqualTo(bindings);
        api.get("/api/credentials/" + id + "?at=" + beforeCreation).expectProblem(404, "not-found");
        assertThat(holders(prefix + "-0", Instant.now())).containsExactly(id);
    }

    @Test
    @DisplayName("the audit chain is valid, and names the one event row altered in the database")
    void auditChainNamesTheAlteredRow() throws SQLException {
        String id = createCredential(OPENAI);
        String instance = "tt-chain-" + Ids.random(8);
        bind(instance, SETTING, id);
        api.command("PATCH", "/api/credentials/" + id).as("alice").json("name", Ids.name("Renamed")).send()
                .expect(200);
        JsonNode valid = eventually("the chain covers every event", () -> {
            JsonNode v = api.get("/api/audit/verify").expect(200).json();
            assertThat(v.get("valid").asBoolean()).as("%s", v).isTrue();
            assertThat(number(v, "unchainedEvents")).as("%s", v).isZero();
            assertThat(number(v, "count")).as("%s", v).isEqualTo(env.eventCount());
            return v;
        });
        assertThat(text(valid, "headHash")).matches("[0-9a-f]{64}");

        try (Connection c = env.jdbc()) {
            StoredRow target = row(c, id, 1);
            String payload = new String(target.payload(), StandardCharsets.UTF_8);
            String forged = payload.replace(instance, instance + "-forged");
            assertThat(forged).isNotEqualTo(payload);
            setPayload(c, target.globalIndex(), forged.getBytes(StandardCharsets.UTF_8));
            try {
                JsonNode broken = api.get("/api/audit/verify").expect(200).json();
                assertThat(broken.get("valid").asBoolean()).as("%s", broken).isFalse();
                JsonNode mismatch = broken.get("firstMismatch");
                assertThat(text(mismatch, "eventIdentifier")).as("%s", broken).isEqualTo(target.eventIdentifier());
                assertThat(number(mismatch, "sequence")).isEqualTo(target.globalIndex());
                assertThat(text(mismatch, "problem")).isEqualTo("event-altered");
            } finally {
                setPayload(c, target.globalIndex(), target.payload());
            }
        }
        JsonNode restored = api.get("/api/audit/verify").expect(200).json();
        assertThat(restored.get("valid").asBoolean()).as("%s", restored).isTrue();
    }

    private JsonNode credentialAt(String id, Instant at) {
        return api.get("/api/credentials/" + id + "?at=" + at).expect(200).json();
    }

    private List<String> holders(String instance, Instant at) {
        Api.Response settings = api.get("/api/instances/" + instance + "/settings?at=" + at).expect(200);
        return elements(settings.json()).stream().map(setting -> text(setting, "credentialId")).toList();
    }

    private List<JsonNode> history(String id, int events) {
        return eventually("the history of " + id + " has " + events + " events", () -> {
            List<JsonNode> h = elements(api.get("/api/credentials/" + id + "/history").expect(200).json());
            assertThat(h).as("history of %s", id).hasSize(events);
            return h;
        });
    }

    private static Instant occurredAt(List<JsonNode> history, String type, String reason) {
        return history.stream()
                .filter(e -> type.equals(text(e, "type")) && (reason == null || reason.equals(text(e, "reason"))))
                .map(e -> Instant.parse(text(e, "occurredAt")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + type + " in " + history));
    }

    /** One microsecond earlier: the history keeps event instants to the microsecond. */
    private static Instant before(Instant at) {
        return at.minusNanos(1_000);
    }

    private static StoredRow row(Connection c, String aggregateId, long sequence) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select global_index, event_identifier, payload"
                + " from domain_event_entry where aggregate_identifier = ? and sequence_number = ?")) {
            s.setString(1, aggregateId);
            s.setLong(2, sequence);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("event %s of %s", sequence, aggregateId).isTrue();
                return new StoredRow(rs.getLong(1), rs.getString(2), rs.getBytes(3));
            }
        }
    }

    private static void setPayload(Connection c, long globalIndex, byte[] payload) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "update domain_event_entry set payload = ? where global_index = ?")) {
            s.setBytes(1, payload);
            s.setLong(2, globalIndex);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private record StoredRow(long globalIndex, String eventIdentifier, byte[] payload) {
    }
}
