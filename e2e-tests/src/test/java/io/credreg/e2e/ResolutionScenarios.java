package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import tools.jackson.databind.JsonNode;

/**
 * Issue 10: a resolution is a read. Through HTTP only: the version is the entity tag and a consumer holding it gets
 * 304; every resolution that handed a secret out reaches the credential's history and the audit log (with the token's
 * id), none that answered 304; 404 and 410 are answered from the lookups.
 */
public abstract class ResolutionScenarios extends E2ETestBase {

    @Test
    @DisplayName("the version is the ETag; If-None-Match with it answers 304; each handed-out secret is audited with its token")
    void resolutionIsARecordedRead() {
        String secret = "sk-resolve-" + Ids.random(24); // not in the leak ledger: this response carries it
        String credential = api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("Resolution read"), "provider", OPENAI, "secret", secret).send().expect(201)
                .text("id");
        String instance = Ids.instance("resolution");
        bind(instance, "openai.default", credential);
        String botName = "resolver-" + Ids.random(6);
        String bot = api.issueToken(botName, "INSTANCE", instance);
        String path = "/api/instances/" + instance + "/settings/openai.default/secret";

        Api.Response first = api.command("GET", path).token(bot).send().expect(200);
        assertThat(first.text("secret")).isEqualTo(secret);
        assertThat(first.header("ETag")).contains("\"1\"");
        Api.Response cached = api.command("GET", path).token(bot).header("If-None-Match", "\"1\"").send().expect(304);
        assertThat(cached.body()).doesNotContain(secret);

        String rotated = "sk-resolve-" + Ids.random(24);
        api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice").json("secret", rotated).send()
                .expect(200);
        Api.Response fresh = api.command("GET", path).token(bot).header("If-None-Match", "\"1\"").send().expect(200);
        assertThat(fresh.text("secret")).isEqualTo(rotated);
        assertThat(fresh.header("ETag")).contains("\"2\"");

        List<JsonNode> audited = eventually("both resolutions are in the audit log", () -> {
            List<JsonNode> entries = array(api.get("/api/audit?type=SecretResolved&credentialId=" + credential)
                    .expect(200).json(), "items");
            assertThat(entries).allSatisfy(e -> assertThat(text(e, "type")).isEqualTo("SecretResolved"));
            assertThat(entries).hasSize(2);
            return entries;
        });
        assertThat(audited).allSatisfy(entry -> {
            assertThat(text(entry, "actor")).isEqualTo(botName);
            assertThat(text(entry, "actorTokenId")).isEqualTo(api.tokenId(botName));
            assertThat(text(entry, "actorRole")).isEqualTo("INSTANCE");
            assertThat(text(entry, "instanceId")).isEqualTo(instance);
            assertThat(entry.toString()).doesNotContain(secret).doesNotContain(rotated);
        });
        assertThat(audited).extracting(entry -> entry.get("secretVersion").asInt()).containsExactlyInAnyOrder(1, 2);
        // the history is its own projection, which may still be behind the audit log
        eventually("both resolutions are in the history, the 304 is not", () -> {
            List<JsonNode> history = elements(api.get("/api/credentials/" + credential + "/history").expect(200)
                    .json());
            assertThat(history.stream().filter(e -> "SecretResolved".equals(text(e, "type"))).count())
                    .as("the 304 is not recorded").isEqualTo(2);
        });
    }

    @Test
    @DisplayName("a kill -9 right after the answers loses no recorded resolution and no acknowledged command")
    void aCrashRightAfterTheAnswersLosesNothingAcknowledged() {
        String credential = createCredential(OPENAI);
        String instance = Ids.instance("resolution-crash");
        bind(instance, "openai.default", credential);
        String bot = api.issueToken("crash-" + Ids.random(6), "INSTANCE", instance);
        int resolutions = 20;
        for (int i = 0; i < resolutions; i++) {
            api.command("GET", "/api/instances/" + instance + "/settings/openai.default/secret").token(bot).send()
                    .expect(200);
        }
        String renamed = Ids.name("Renamed right before the crash");
        String key = "crash-" + Ids.random(16);
        Api.Response rename = api.command("PATCH", "/api/credentials/" + credential).as("alice")
                .header("Idempotency-Key", key).json("name", renamed).send().expect(200);

        env.killAndRestart();

        Api after = env.api();
        eventually("every resolution answered before the crash is in the audit log", () ->
                assertThat(array(after.get("/api/audit?type=SecretResolved&credentialId=" + credential).expect(200)
                        .json(), "items")).hasSize(resolutions));
        eventually("the rename answered before the crash holds", () ->
                assertThat(after.get("/api/credentials/" + credential).expect(200).text("name")).isEqualTo(renamed));
        // a client that never saw the answer retries under its key: answered from the record, not renamed twice
        Api.Response retried = after.command("PATCH", "/api/credentials/" + credential).as("alice")
                .header("Idempotency-Key", key).json("name", renamed).send().expect(200);
        assertThat(retried.header("Idempotent-Replayed")).contains("true");
        assertThat(retried.body()).isEqualTo(rename.body());
        eventually("the audit log holds the one rename", () ->
                assertThat(array(after.get("/api/audit?type=CredentialRenamed&credentialId=" + credential)
                        .expect(200).json(), "items")).hasSize(1));
    }

    @Test
    @DisplayName("an unbound setting answers 404, a deleted credential's setting 410, and the deleted credential's 410 stays cheap")
    void notBoundAndGone() {
        String credential = createCredential(OPENAI);
        String instance = Ids.instance("resolution-gone");
        String path = "/api/instances/" + instance + "/settings/openai.default/secret";
        api.command("GET", path).as("alice").send().expectProblem(404, "not-found");
        bind(instance, "openai.default", credential);
        api.command("GET", path).as("alice").send().expect(200);

        api.command("DELETE", "/api/credentials/" + credential).as("alice").send().expect(200);
        for (int i = 0; i < 5; i++) {
            Api.Response gone = api.command("GET", path).as("alice").send().expectProblem(410, "credential-deleted");
            assertThat(gone.text("credentialId")).isEqualTo(credential);
        }
        api.command("GET", path).as("alice").header("If-None-Match", "*").send()
                .expectProblem(410, "credential-deleted");
    }
}
