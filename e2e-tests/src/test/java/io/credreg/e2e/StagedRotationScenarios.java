package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;

/**
 * Staged rotation (issue 14, decision 0210), through HTTP only: a staged secret waits as the pending version while
 * consumers keep the current one; a consumer that asks for it (or the admin) gets it; promotion makes it current;
 * the previous version stays resolvable for its grace, then its key is destroyed. Every step is in the history and
 * the audit log, and the detail shows which version each binding last resolved.
 */
public abstract class StagedRotationScenarios extends E2ETestBase {

    @Test
    @DisplayName("stage, consumers keep v1, the pending consumer gets v2, promote, all get v2, v1 during its grace then gone")
    void stagedRotationEndToEnd() {
        String v1 = "sk-staged-" + Ids.random(24); // not in the leak ledger: resolutions carry them
        String v2 = "sk-staged-" + Ids.random(24);
        String credential = api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("Staged"), "provider", OPENAI, "secret", v1).send().expect(201).text("id");
        String early = Ids.instance("staged-early");
        String late = Ids.instance("staged-late");
        bind(early, "openai.default", credential);
        bind(late, "openai.default", credential);
        String earlyBot = api.issueToken("staged-early-" + Ids.random(6), "INSTANCE", early);
        String lateBot = api.issueToken("staged-late-" + Ids.random(6), "INSTANCE", late);

        Api.Response staged = api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice")
                .json("secret", v2, "stage", "pending", "graceSeconds", 3).send().expect(200);
        assertThat(staged.json().get("secretVersion").asInt()).isEqualTo(1);
        assertThat(staged.json().get("pendingVersion").asInt()).isEqualTo(2);
        assertThat(staged.body()).doesNotContain(v2);

        assertThat(resolve(early, earlyBot, null).text("secret")).as("consumers keep v1").isEqualTo(v1);
        assertThat(resolve(late, lateBot, null).text("secret")).isEqualTo(v1);
        Api.Response pending = resolve(early, earlyBot, "pending");
        assertThat(pending.text("secret")).isEqualTo(v2);
        assertThat(pending.header("ETag")).contains("\"2\"");
        assertThat(resolve(late, null, "pending").text("secret")).as("the admin tests it").isEqualTo(v2);

        JsonNode detail = eventually("the detail shows the pending version and who resolved what", () -> {
            JsonNode d = api.get("/api/credentials/" + credential).expect(200).json();
            assertThat(d.get("pendingVersion").asInt()).isEqualTo(2);
            assertThat(lastResolved(d, early)).isEqualTo(2);
            assertThat(lastResolved(d, late)).isEqualTo(2); // the admin's test, through late's setting
            return d;
        });
        assertThat(detail.toString()).doesNotContain(v1).doesNotContain(v2);
        resolve(late, lateBot, null);
        eventually("the consumers listing shows late back on v1", () -> {
            List<JsonNode> consumers = elements(api.get("/api/credentials/" + credential + "/consumers").expect(200)
                    .json());
            assertThat(consumers).extracting(c -> text(c, "instanceId")).containsExactlyInAnyOrder(early, late);
            assertThat(consumers.stream().filter(c -> late.equals(text(c, "instanceId"))).findFirst().orElseThrow()
                    .get("lastResolvedVersion").asInt()).isEqualTo(1);
        });
        assertThat(api.get("/api/credentials/" + credential + "/deletion-impact").expect(200).json()
                .get("pendingVersion").asInt()).isEqualTo(2);

        Api.Response promoted = api.command("POST", "/api/credentials/" + credential + "/secret/promote").as("alice")
                .send().expect(200);
        assertThat(promoted.json().get("secretVersion").asInt()).isEqualTo(2);
        assertThat(promoted.json().get("pendingVersion").isNull()).isTrue();
        assertThat(resolve(early, earlyBot, null).text("secret")).isEqualTo(v2);
        assertThat(resolve(late, lateBot, null).text("secret")).isEqualTo(v2);
        assertThat(resolve(late, lateBot, "1").text("secret")).as("v1 during its grace").isEqualTo(v1);

        eventually("v1 is retired once its grace ended", () -> api.command("GET", secretPath(late) + "?version=1")
                .token(lateBot).send().expectProblem(410, "secret-version-retired"));
        assertThat(resolve(late, lateBot, null).text("secret")).isEqualTo(v2);

        eventually("every step is in the history and the audit log", () -> {
            List<String> history = elements(api.get("/api/credentials/" + credential + "/history").expect(200).json())
                    .stream().map(e -> text(e, "type")).toList();
            assertThat(history).containsSubsequence("CredentialSecretStaged", "CredentialSecretPromoted",
                    "SecretVersionRetired");
            List<JsonNode> audit = array(api.get("/api/audit?credentialId=" + credential).expect(200).json(), "items");
            assertThat(audit).extracting(e -> text(e, "type")).containsSubsequence("CredentialSecretStaged",
                    "CredentialSecretPromoted", "SecretVersionRetired");
            assertThat(audit.toString()).doesNotContain(v1).doesNotContain(v2);
        });
    }

    @Test
    @DisplayName("promotion when-all-resolved happens once every bound instance resolved the pending version")
    void promotionOnceEveryInstanceResolved() {
        // not in the leak ledger: resolutions carry it
        String credential = createCredential(OPENAI, Ids.name("Staged all"), "sk-staged-" + Ids.random(24));
        String first = Ids.instance("staged-all-a");
        String second = Ids.instance("staged-all-b");
        bind(first, "openai.default", credential);
        bind(second, "openai.default", credential);
        String firstBot = api.issueToken("staged-all-a-" + Ids.random(6), "INSTANCE", first);
        String secondBot = api.issueToken("staged-all-b-" + Ids.random(6), "INSTANCE", second);
        String v2 = "sk-staged-" + Ids.random(24);
        api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice")
                .json("secret", v2, "stage", "pending", "promote", "when-all-resolved").send().expect(200);

        resolve(first, firstBot, "pending");
        resolve(second, null, "pending"); // an admin's test is not the instance's own
        sleepOverAPoll();
        assertThat(resolve(second, secondBot, null).json().get("version").asInt()).as("still v1").isEqualTo(1);

        resolve(second, secondBot, "pending");
        eventually("promoted", () -> assertThat(resolve(second, secondBot, null).text("secret")).isEqualTo(v2));
        eventually("the history says why", () -> assertThat(elements(api.get("/api/credentials/" + credential
                + "/history").expect(200).json())).filteredOn(e -> "CredentialSecretPromoted".equals(text(e, "type")))
                .singleElement().satisfies(e -> assertThat(text(e, "reason")).isEqualTo("ALL_RESOLVED")));
    }

    private Api.Response resolve(String instance, String token, String version) {
        Api.Call call = api.command("GET", secretPath(instance) + (version == null ? "" : "?version=" + version));
        if (token == null) {
            call.as("alice");
        } else {
            call.token(token);
        }
        return call.send().expect(200);
    }

    private static String secretPath(String instance) {
        return "/api/instances/" + instance + "/settings/openai.default/secret";
    }

    private static int lastResolved(JsonNode detail, String instance) {
        return array(detail, "bindings").stream().filter(b -> instance.equals(text(b, "instanceId"))).findFirst()
                .orElseThrow().get("lastResolvedVersion").asInt();
    }

    private static void sleepOverAPoll() {
        try {
            Thread.sleep(2_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
