package io.credreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;

/**
 * Bad input answers 400 {@code application/problem+json} saying what was wrong, and changes nothing: the event
 * store gains no row. Nothing a client sends produces a 5xx.
 */
public abstract class ValidationScenarios extends E2ETestBase {

    /** Placeholder in paths for an existing, active credential. */
    private static final String CRED = "{cred}";
    private static final String SECRET_8K_PLUS_1 = "sk-" + "x".repeat(8 * 1024 - 2);
    private static final String NAME_201 = "n".repeat(201);
    private static final String KEY_129 = "openai." + "k".repeat(122);
    private static final String INSTANCE_129 = "i".repeat(129);

    private String credential;

    @Override
    protected void onRegistryStarted() {
        credential = createCredential(OPENAI);
    }

    /** An invalid request; {@code mentions} is a word the problem detail must contain (or null). */
    record BadRequest(String label, String method, String path, String body, String mentions) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<BadRequest> badRequests() {
        return Stream.of(
                // Create
                new BadRequest("create: malformed JSON", "POST", "/api/credentials",
                        "{\"name\": \"x\", \"provider\": \"openai\", \"secret\": ", null),
                new BadRequest("create: a JSON array", "POST", "/api/credentials", "[\"openai\"]", null),
                new BadRequest("create: an empty body", "POST", "/api/credentials", "", null),
                new BadRequest("create: name missing", "POST", "/api/credentials",
                        Api.json("provider", OPENAI, "secret", Ids.secret()), "name"),
                new BadRequest("create: name null", "POST", "/api/credentials",
                        Api.json("name", null, "provider", OPENAI, "secret", Ids.secret()), "name"),
                new BadRequest("create: name blank", "POST", "/api/credentials",
                        Api.json("name", "   ", "provider", OPENAI, "secret", Ids.secret()), "name"),
                new BadRequest("create: name of 201 characters", "POST", "/api/credentials",
                        Api.json("name", NAME_201, "provider", OPENAI, "secret", Ids.secret()), "name"),
                new BadRequest("create: name is an object", "POST", "/api/credentials",
                        "{\"name\": {\"a\": 1}, \"provider\": \"openai\", \"secret\": \"" + Ids.secret() + "\"}",
                        null),
                new BadRequest("create: provider missing", "POST", "/api/credentials",
                        Api.json("name", Ids.name("v"), "secret", Ids.secret()), "provider"),
                new BadRequest("create: provider 'Open AI'", "POST", "/api/credentials",
                        Api.json("name", Ids.name("v"), "provider", "Open AI", "secret", Ids.secret()), "provider"),
                new BadRequest("create: provider '-openai'", "POST", "/api/credentials",
                        Api.json("name", Ids.name("v"), "provider", "-openai", "secret", Ids.secret()), "provider"),
                new BadRequest("create: provider 'OPENAI'", "POST", "/api/credentials",
                        Api.json("name", Ids.name("v"), "provider", "OPENAI", "secret", Ids.secret()), "provider"),
                new BadRequest("create: provider of 33 characters", "POST", "/api/credentials",
                        Api.json("name", Ids.name("v"), "provider", "p".repeat(33), "secret", Ids.secret()),
                        "provider"),
                new BadRequest("create: provider empty", "POST", "/api/credentials",
                        Api.json("name", Ids.name("v"), "provider", "", "secret", Ids.secret()), "provider"),
                new BadRequest("create: secret missing", "POST", "/api/credentials",
                        Api.json("name", Ids.name("v"), "provider", OPENAI), "secret"),
                new BadRequest("create: secret empty", "POST", "/api/credentials",
                        Api.json("name", Ids.name("v"), "provider", OPENAI, "secret", ""), "secret"),
                new BadRequest("create: secret over 8 KiB", "POST", "/api/credentials",
                        Api.json("name", Ids.name("v"), "provider", OPENAI, "secret", SECRET_8K_PLUS_1), "secret"),
                // Rename
                new BadRequest("rename: malformed JSON", "PATCH", "/api/credentials/" + CRED, "{\"name\"", null),
                new BadRequest("rename: name missing", "PATCH", "/api/credentials/" + CRED, "{}", "name"),
                new BadRequest("rename: name blank", "PATCH", "/api/credentials/" + CRED,
                        Api.json("name", ""), "name"),
                new BadRequest("rename: name of 201 characters", "PATCH", "/api/credentials/" + CRED,
                        Api.json("name", NAME_201), "name"),
                // Rotate
                new BadRequest("rotate: malformed JSON", "PUT", "/api/credentials/" + CRED + "/secret",
                        "{\"secret\": \"sk-", null),
                new BadRequest("rotate: secret missing", "PUT", "/api/credentials/" + CRED + "/secret", "{}",
                        "secret"),
                new BadRequest("rotate: secret empty", "PUT", "/api/credentials/" + CRED + "/secret",
                        Api.json("secret", ""), "secret"),
                new BadRequest("rotate: secret over 8 KiB", "PUT", "/api/credentials/" + CRED + "/secret",
                        Api.json("secret", SECRET_8K_PLUS_1), "secret"),
                // Bind
                new BadRequest("bind: setting key 'Bad Key'", "PUT", "/api/instances/val-1/settings/Bad%20Key",
                        Api.json("credentialId", CRED), "setting"),
                new BadRequest("bind: setting key '-x'", "PUT", "/api/instances/val-1/settings/-x",
                        Api.json("credentialId", CRED), "setting"),
                new BadRequest("bind: setting key 'OpenAI.default'", "PUT",
                        "/api/instances/val-1/settings/OpenAI.default", Api.json("credentialId", CRED), "setting"),
                new BadRequest("bind: setting key of 129 characters", "PUT",
                        "/api/instances/val-1/settings/" + KEY_129, Api.json("credentialId", CRED), "setting"),
                new BadRequest("bind: instance id '-inst'", "PUT", "/api/instances/-inst/settings/openai.default",
                        Api.json("credentialId", CRED), "instance"),
                new BadRequest("bind: instance id 'in st'", "PUT",
                        "/api/instances/in%20st/settings/openai.default", Api.json("credentialId", CRED),
                        "instance"),
                new BadRequest("bind: instance id of 129 characters", "PUT",
                        "/api/instances/" + INSTANCE_129 + "/settings/openai.default",
                        Api.json("credentialId", CRED), "instance"),
                new BadRequest("bind: credentialId missing", "PUT", "/api/instances/val-1/settings/openai.default",
                        "{}", "credential"),
                new BadRequest("bind: credentialId empty", "PUT", "/api/instances/val-1/settings/openai.default",
                        Api.json("credentialId", ""), "credential"),
                new BadRequest("bind: malformed JSON", "PUT", "/api/instances/val-1/settings/openai.default",
                        "{\"credentialId\": ", null),
                // Unbind, remove instance
                new BadRequest("unbind: setting key 'Bad Key'", "DELETE",
                        "/api/instances/val-1/settings/Bad%20Key", null, "setting"),
                new BadRequest("unbind: setting key of 129 characters", "DELETE",
                        "/api/instances/val-1/settings/" + KEY_129, null, "setting"),
                new BadRequest("remove instance: instance id '-inst'", "DELETE", "/api/instances/-inst", null,
                        "instance"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    @DisplayName("bad input answers 400 invalid-request and leaves the event store as it was")
    void badInputIsRefused(BadRequest bad) {
        long eventsBefore = env.eventCount();
        String path = bad.path().replace(CRED, credential);
        Api.Call call = api.command(bad.method(), path).as("alice");
        if (bad.body() != null) {
            call.body(bad.body().replace(CRED, credential));
        }
        Api.Response r = call.send();
        r.expectProblem(400, "invalid-request");
        if (bad.mentions() != null) {
            assertThat(r.text("detail").toLowerCase(Locale.ROOT)).as("detail of %s", r).contains(bad.mentions());
        }
        assertThat(r.body()).as("the answer must not echo an over-long secret").doesNotContain(SECRET_8K_PLUS_1);
        assertThat(env.eventCount()).as("events after %s", bad.label()).isEqualTo(eventsBefore);
    }

    @Test
    @DisplayName("odd requests answer 4xx, never 5xx, and change nothing")
    void oddRequestsNeverAnswer5xx() {
        long eventsBefore = env.eventCount();
        List<Api.Response> answers = List.of(
                api.command("POST", "/api/credentials").as("alice").header("Content-Type", "text/plain")
                        .send(),
                api.command("PUT", "/api/instances/odd-1/settings/openai.default").as("alice").send(),
                api.command("PUT", "/api/instances/odd-1/settings/openai.default").as("alice")
                        .body("{\"credentialId\": [\"a\"]}").send(),
                api.command("PATCH", "/api/credentials/" + credential).as("alice").body("{\"name\": null}").send(),
                api.command("POST", "/api/credentials").as("alice")
                        .json("name", "n".repeat(100_000), "provider", OPENAI, "secret", Ids.secret()).send(),
                api.command("POST", "/api/credentials").as("alice")
                        .json("name", Ids.name("odd"), "provider", "openai", "secret", Ids.secret(), "extra",
                                List.of(1, 2)).send(),
                api.command("DELETE", "/api/instances/" + Ids.instance("never-bound") + "/settings/openai.default")
                        .as("alice").send(),
                api.command("GET", "/api/credentials/" + credential).send(),
                api.command("POST", "/api/no-such-endpoint").json("a", 1).send(),
                api.command("PUT", "/api/instances/" + INSTANCE_129 + "x".repeat(2000) + "/settings/openai.default")
                        .as("alice").json("credentialId", credential).send(),
                api.get("/api/credentials?status=bogus"),
                api.get("/api/credentials?provider=" + "p".repeat(5000)),
                api.get("/api/instances/-bad/settings"),
                api.get("/api/credentials/%20"),
                api.get("/api/no-such-endpoint"),
                // An encoded slash is refused by the servlet container itself, before any controller.
                api.command("PATCH", "/api/credentials/a%2Fb").as("alice").json("name", "x").send(),
                api.get("/api/instances/a%2Fb/settings"));
        for (Api.Response r : answers) {
            assertThat(r.status()).as("%s", r).isBetween(200, 499);
            if (r.status() >= 400) {
                assertThat(r.contentType()).as("every error is a problem: %s", r)
                        .startsWith("application/problem+json");
            }
        }
        // Unknown fields are refused (strict JSON), so not even the 'extra' field request may create anything.
        answers.get(5).expectProblem(400, "invalid-request");
        assertThat(answers.get(5).text("detail")).contains("'extra'");
        assertThat(env.eventCount()).isEqualTo(eventsBefore);
    }
}
