package io.credreg.e2e;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recovery window of a deletion (issue 14, decision 0200) through both applications: deleted with a window, the
 * credential is gone to consumers while its key survives; a restore brings it back with every setting still free
 * bound again, caused by the restore; the query side shows all of it.
 */
public abstract class RecoveryWindowScenarios extends E2ETestBase {

    @Test
    @DisplayName("delete with a window: 410 to consumers, 409 with a restore link for the same key, restore rebinds")
    void deleteRestoreAndRebind() {
        String secret = Ids.secret();
        String id = createCredential(OPENAI, Ids.name("Recoverable"), secret);
        String kept = Ids.instance("rw-kept");
        String taken = Ids.instance("rw-taken");
        bind(kept, "openai.default", id);
        bind(taken, "openai.default", id);
        eventually("the preview names the default window", () -> {
            JsonNode impact = api.get("/api/credentials/" + id + "/deletion-impact").expect(200).json();
            assertThat(impact.get("recoveryWindowDays").asInt()).isEqualTo(7);
            assertThat(impact.get("settings")).hasSize(2);
        });

        Api.Response deleted = api.command("DELETE", "/api/credentials/" + id + "?recoveryWindowDays=2").as("alice")
                .send().expect(200);
        assertThat(deleted.json().get("unbound")).hasSize(2);
        api.command("GET", secretPath(kept)).as("alice").send().expectProblem(410, "credential-deleted");
        Api.Response sameKey = api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("Same key"), "provider", OPENAI, "secret", secret).send()
                .expectProblem(409, "duplicate-secret");
        assertThat(sameKey.text("restore")).isEqualTo("/api/credentials/" + id + "/restore");
        assertThat(sameKey.body()).doesNotContain(secret);
        String other = createCredential(OPENAI);
        bind(taken, "openai.default", other);
        eventually("the query side shows the credential deleted but restorable", () -> {
            JsonNode detail = api.get("/api/credentials/" + id).expect(200).json();
            assertThat(text(detail, "status")).isEqualTo("deleted");
            assertThat(text(detail, "restorableUntil")).isNotBlank();
        });

        Api.Response restored = api.command("POST", "/api/credentials/" + id + "/restore").as("alice").send()
                .expect(200);
        assertThat(elements(restored.json().get("rebound"))).extracting(s -> text(s, "instanceId"))
                .containsExactly(kept);
        assertThat(elements(restored.json().get("notRebound"))).extracting(s -> text(s, "instanceId"))
                .containsExactly(taken);
        assertThat(restored.header("ETag")).isPresent();
        assertThat(api.command("GET", secretPath(kept)).as("alice").send().expect(200).text("secret"))
                .isEqualTo(secret);
        api.command("POST", "/api/credentials/" + id + "/restore").as("alice").send()
                .expectProblem(409, "credential-not-deleted");

        eventually("the query side shows the restore and the rebind it caused", () -> {
            JsonNode detail = api.get("/api/credentials/" + id).expect(200).json();
            assertThat(text(detail, "status")).isEqualTo("active");
            assertThat(detail.get("bindingCount").asLong()).isEqualTo(1);
            List<JsonNode> history = elements(api.get("/api/credentials/" + id + "/history").expect(200).json());
            int at = history.stream().map(e -> text(e, "type")).toList().indexOf("CredentialRestored");
            assertThat(at).as("the restore in the history").isNotNegative().isLessThan(history.size() - 1);
            JsonNode restore = history.get(at);
            JsonNode rebind = history.get(at + 1); // the resolution after the restore comes later
            assertThat(text(rebind, "type")).isEqualTo("SettingBound");
            assertThat(text(rebind, "instanceId")).isEqualTo(kept);
            assertThat(text(rebind, "correlationId")).isEqualTo(text(restore, "correlationId"));
            List<JsonNode> audit = elements(api.get("/api/audit?credentialId=" + id + "&type=CredentialRestored")
                    .expect(200).json().get("items"));
            assertThat(audit).singleElement().satisfies(entry -> assertThat(text(entry, "summary"))
                    .contains("restored with secret version 1"));
        });
    }

    @Test
    @DisplayName("a deletion without a window cannot be restored, and hostile windows change nothing")
    void noWindowAndHostileWindows() {
        String id = createCredential(OPENAI);
        for (String hostile : List.of("-1", "31", "7.5", "abc", "1e1", "99999999999999999999", "%207")) {
            api.command("DELETE", "/api/credentials/" + id + "?recoveryWindowDays=" + hostile).as("alice").send()
                    .expectProblem(400, "invalid-request");
        }
        api.command("DELETE", "/api/credentials/" + id + "?recoveryWindowDays=0").as("alice").send().expect(200);
        api.command("POST", "/api/credentials/" + id + "/restore").as("alice").send()
                .expectProblem(410, "recovery-window-closed");
    }

    private static String secretPath(String instance) {
        return "/api/instances/" + instance + "/settings/openai.default/secret";
    }
}
