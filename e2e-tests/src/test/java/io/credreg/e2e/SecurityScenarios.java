package io.credreg.e2e;

import io.credreg.e2e.AccessMatrix.Caller;
import io.credreg.e2e.AccessMatrix.Endpoint;
import io.credreg.e2e.AccessMatrix.Side;
import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.RegistryEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Authentication, roles, token administration and secret resolution, through HTTP against the running apps. */
public abstract class SecurityScenarios extends E2ETestBase {

    @Test
    @DisplayName("every endpoint of both sides answers every kind of caller as the access rules say")
    void roleMatrix() {
        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        tokens.put(Caller.ADMIN, api.adminToken());
        tokens.put(Caller.GARBAGE, "crt_" + "g".repeat(43));
        tokens.put(Caller.AUDITOR, api.issueToken(Ids.name("matrix-auditor").replace(' ', '-'), "AUDITOR", null));
        tokens.put(Caller.OWN_INSTANCE, api.issueToken("matrix-own", "INSTANCE", AccessMatrix.INSTANCE));
        tokens.put(Caller.OTHER_INSTANCE, api.issueToken("matrix-other", "INSTANCE", AccessMatrix.INSTANCE + "-x"));
        String revokedName = "matrix-revoked-" + Ids.random(6);
        String revoked = api.issueToken(revokedName, "ADMIN", null);
        api.command("DELETE", "/api/tokens/" + api.tokenId(revokedName)).send().expect(204);
        eventually("the query side has seen the revocation",
                () -> assertThat(api.query("GET", "/api/credentials").token(revoked).send().status()).isEqualTo(401));
        tokens.put(Caller.REVOKED, revoked);

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : AccessMatrix.ENDPOINTS) {
            // a command request is also sent with an Idempotency-Key: the key changes no verdict (decision 0140)
            boolean command = endpoint.side() == Side.COMMAND && !endpoint.method().equals("GET");
            for (Caller caller : Caller.values()) {
                for (boolean keyed : command ? new boolean[] {false, true} : new boolean[] {false}) {
                    Api.Call call = (endpoint.side() == Side.COMMAND ? api.command(endpoint.method(), endpoint.path())
                            : api.query(endpoint.method(), endpoint.path())).token(tokens.get(caller));
                    if (endpoint.body() != null) {
                        call.body(endpoint.body());
                    }
                    if (endpoint.ifMatch() != null) {
                        call.header("If-Match", endpoint.ifMatch());
                    }
                    if (keyed) {
                        call.header("Idempotency-Key", "matrix-" + Ids.random(12));
                    }
                    Api.Response r = call.send();
                    String expected = AccessMatrix.expectation(endpoint, caller);
                    boolean ok = switch (expected) {
                        case "401" -> r.status() == 401 && r.header("WWW-Authenticate").orElse("").startsWith("Bearer")
                                && r.contentType().startsWith("application/problem+json");
                        case "403" -> r.status() == 403 && r.contentType().startsWith("application/problem+json");
                        default -> r.status() != 401 && r.status() != 403 && r.status() < 500;
                    };
                    if (!ok) {
                        wrong.add(caller + " " + endpoint + (keyed ? " (with Idempotency-Key)" : "") + ": expected "
                                + expected + ", got " + r);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    @DisplayName("a revoked token gets 401 on the command side at once and on the query side within seconds")
    void revocationReachesBothSides() {
        String name = "revoke-me-" + Ids.random(6);
        String token = api.issueToken(name, "ADMIN", null);
        api.command("GET", "/api/tokens").token(token).send().expect(200);
        api.query("GET", "/api/credentials").token(token).send().expect(200);

        api.command("DELETE", "/api/tokens/" + api.tokenId(name)).send().expect(204);
        long revokedAt = System.nanoTime();

        api.command("GET", "/api/tokens").token(token).send().expectProblem(401, "unauthenticated");
        while (api.query("GET", "/api/credentials").token(token).send().status() != 401) {
            assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).as("query side still accepts the token")
                    .isLessThan(Duration.ofSeconds(5));
            RegistryEnvironment.sleepMillis(20);
        }
        JsonNode listed = elements(api.command("GET", "/api/tokens").send().expect(200).json()).stream()
                .filter(t -> name.equals(text(t, "name"))).findFirst().orElseThrow();
        assertThat(text(listed, "revokedAt")).isNotBlank();
        assertThat(listed.has("token")).isFalse();
    }

    @Test
    @DisplayName("a token with an expiry stops on both sides when it expires; a replaced token works next to its "
            + "successor until the grace period ends, then stops on both sides")
    void tokenExpiryAndReplacement() {
        String shortName = "expiring-" + Ids.random(6);
        Api.Response shortLived = api.command("POST", "/api/tokens").json("name", shortName, "role", "AUDITOR",
                "expiresAt", Instant.now().plusSeconds(4).toString()).send().expect(201);
        String expiring = shortLived.text("token");
        api.rememberToken(expiring);
        eventually("the query side accepts the new token",
                () -> api.query("GET", "/api/credentials").token(expiring).send().expect(200));

        String name = "replaced-" + Ids.random(6);
        String old = api.issueToken(name, "AUDITOR", null);
        String oldId = api.tokenId(name);
        Api.Response replaced = api.command("POST", "/api/tokens/" + oldId + "/replacement")
                .json("graceSeconds", 4).send().expect(201);
        String successor = replaced.text("token");
        api.rememberToken(successor);
        assertThat(replaced.text("name")).isEqualTo(name);
        assertThat(replaced.text("replaces")).isEqualTo(oldId);
        eventually("the query side accepts the successor",
                () -> api.query("GET", "/api/credentials").token(successor).send().expect(200));
        api.command("GET", "/api/tokens").token(old).send().expect(200);
        api.query("GET", "/api/credentials").token(old).send().expect(200);

        eventually("both tokens stop on both sides", () -> {
            for (String token : List.of(expiring, old)) {
                api.command("GET", "/api/tokens").token(token).send().expectProblem(401, "unauthenticated");
                api.query("GET", "/api/credentials").token(token).send().expectProblem(401, "unauthenticated");
            }
        });
        api.command("GET", "/api/tokens").token(successor).send().expect(200);
        api.query("GET", "/api/credentials").token(successor).send().expect(200);
        Map<String, String> statusById = new java.util.HashMap<>();
        for (JsonNode entry : api.command("GET", "/api/tokens").send().expect(200).json()) {
            statusById.put(text(entry, "id"), text(entry, "status"));
        }
        assertThat(statusById).containsEntry(oldId, "EXPIRED").containsEntry(replaced.text("id"), "ACTIVE")
                .containsEntry(shortLived.text("id"), "EXPIRED");
        JsonNode replacement = eventually("the replacement is in the audit log", () ->
                array(api.get("/api/audit?type=ApiTokenReplaced").expect(200).json(), "items").stream()
                        .filter(e -> text(e, "summary").contains("(" + oldId + ")")).findFirst()
                        .orElseThrow(() -> new AssertionError("no ApiTokenReplaced of " + oldId)));
        assertThat(text(replacement, "summary")).contains("replaced by a successor");
        assertThat(text(replacement, "reason")).isEqualTo("REPLACED_BY_SUCCESSOR");
    }

    @Test
    @DisplayName("removing an instance revokes its tokens as audited events: a new instance under the same id is not "
            + "readable with them")
    void instanceRemovalRevokesItsTokens() {
        String instance = Ids.instance("reused");
        String oldSecret = "sk-reuse-old-" + Ids.random(24); // not in the leak ledger: a resolution carries it
        String newSecret = "sk-reuse-new-" + Ids.random(24);
        bind(instance, "openai.default", api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("Before removal"), "provider", OPENAI, "secret", oldSecret).send().expect(201)
                .text("id"));
        String bot = api.issueToken("bot-" + Ids.random(6), "INSTANCE", instance);
        String secretPath = "/api/instances/" + instance + "/settings/openai.default/secret";
        api.command("GET", secretPath).token(bot).send().expect(200);

        Api.Response removed = api.command("DELETE", "/api/instances/" + instance).as("alice").send().expect(200);
        assertThat(array(removed.json(), "revokedTokenIds")).hasSize(1);
        String removal = removed.header("X-Correlation-Id").orElseThrow();
        bind(instance, "openai.default", api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("After removal"), "provider", OPENAI, "secret", newSecret).send().expect(201)
                .text("id"));

        Api.Response stale = api.command("GET", secretPath).token(bot).send().expectProblem(401, "unauthenticated");
        assertThat(stale.body()).doesNotContain(newSecret, oldSecret);
        eventually("the query side no longer accepts the revoked token", () -> {
            api.query("GET", "/api/instances/" + instance + "/settings").token(bot).send()
                    .expectProblem(401, "unauthenticated");
        });
        JsonNode revocation = eventually("the revocation is in the audit log under the removal", () -> {
            List<JsonNode> caused = array(api.get("/api/audit/correlations/" + removal).expect(200).json(), "items");
            return caused.stream().filter(e -> "ApiTokenRevoked".equals(text(e, "type"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no ApiTokenRevoked in " + caused));
        });
        assertThat(text(revocation, "reason")).isEqualTo("INSTANCE_REMOVED");
        assertThat(text(revocation, "summary")).contains("revoked because the instance was removed by alice");
    }

    @Test
    @DisplayName("an instance resolves only its own secrets; every resolution is in the history; a deleted credential answers 410")
    void secretResolution() throws Exception {
        String secret = "sk-resolve-" + Ids.random(24); // not in the leak ledger: this response may carry it
        String credential = api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("Resolvable"), "provider", OPENAI, "secret", secret).send().expect(201)
                .text("id");
        String mine = Ids.instance("resolve-a");
        String theirs = Ids.instance("resolve-b");
        bind(mine, "openai.default", credential);
        bind(theirs, "openai.default", credential);
        String botName = "bot-" + Ids.random(6);
        String bot = api.issueToken(botName, "INSTANCE", mine);

        Api.Response resolved = api.command("GET", "/api/instances/" + mine + "/settings/openai.default/secret")
                .token(bot).send().expect(200);
        assertThat(resolved.text("credentialId")).isEqualTo(credential);
        assertThat(resolved.text("secret")).isEqualTo(secret);
        assertThat(resolved.json().get("version").asInt()).isEqualTo(1);

        Api.Response refused = api.command("GET", "/api/instances/" + theirs + "/settings/openai.default/secret")
                .token(bot).send().expectProblem(403, "forbidden");
        assertThat(refused.body()).doesNotContain(secret);
        api.query("GET", "/api/instances/" + theirs + "/settings").token(bot).send().expectProblem(403, "forbidden");
        api.query("GET", "/api/instances/" + mine + "/settings").token(bot).send().expect(200);
        api.query("GET", "/api/credentials/" + credential + "/history").token(bot).send()
                .expectProblem(403, "forbidden");

        JsonNode resolution = eventually("the resolution is in the credential's history", () -> {
            List<JsonNode> history = elements(api.get("/api/credentials/" + credential + "/history").expect(200)
                    .json());
            return history.stream().filter(e -> "SecretResolved".equals(text(e, "type"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no SecretResolved in " + history));
        });
        assertThat(text(resolution, "actor")).isEqualTo(botName);
        assertThat(text(resolution, "instanceId")).isEqualTo(mine);
        assertThat(text(resolution, "settingKey")).isEqualTo("openai.default");
        assertThat(resolution.get("secretVersion").asInt()).isEqualTo(1);
        assertThat(resolution.toString()).doesNotContain(secret);

        api.command("DELETE", "/api/credentials/" + credential).as("alice").send().expect(200);
        api.command("GET", "/api/instances/" + mine + "/settings/openai.default/secret").token(bot).send()
                .expectProblem(410, "credential-deleted");
        api.command("GET", "/api/instances/" + mine + "/settings/openai.default/secret").send()
                .expectProblem(410, "credential-deleted");
    }

    @Test
    @DisplayName("tokens are stored only as hashes: no token value is in the database")
    void tokensRestOnlyAsHashes() throws Exception {
        String token = api.issueToken("at-rest-" + Ids.random(6), "AUDITOR", null);
        String hash = "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        List<String> found = new ArrayList<>();
        List<String> hashSeenIn = new ArrayList<>();
        try (Connection c = env.jdbc()) {
            for (String sql : List.of("select token_hash from api_token", "select token_hash from qr_api_token",
                    "select payload from domain_event_entry", "select meta_data from domain_event_entry")) {
                try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        String value = sql.contains("domain_event_entry")
                                ? new String(rs.getBytes(1), java.nio.charset.StandardCharsets.UTF_8) : rs.getString(1);
                        if (value != null && (value.contains(token) || value.contains(api.adminToken()))) {
                            found.add(sql + ": " + value);
                        }
                        if (value != null && value.contains(hash)) {
                            hashSeenIn.add(sql);
                        }
                    }
                }
            }
        }
        assertThat(found).isEmpty();
        // the scan reads what it should: the token's hash is in the event and in both token tables
        assertThat(hashSeenIn).contains("select token_hash from api_token", "select token_hash from qr_api_token",
                "select payload from domain_event_entry");
    }

    @Test
    @DisplayName("a CORS preflight from the configured admin-UI origin is allowed on both sides, from another refused")
    void cors() {
        for (boolean command : List.of(true, false)) {
            Api.Response allowed = (command ? api.command("OPTIONS", "/api/credentials")
                    : api.query("OPTIONS", "/api/credentials")).anonymous()
                    .header("Origin", RegistryEnvironment.ADMIN_UI_ORIGIN)
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization").send().expect(200);
            assertThat(allowed.header("Access-Control-Allow-Origin")).contains(RegistryEnvironment.ADMIN_UI_ORIGIN);
            Api.Response refused = (command ? api.command("OPTIONS", "/api/credentials")
                    : api.query("OPTIONS", "/api/credentials")).anonymous()
                    .header("Origin", "https://evil.e2e.test")
                    .header("Access-Control-Request-Method", "GET").send().expect(403);
            assertThat(refused.header("Access-Control-Allow-Origin")).isEmpty();
        }
    }
}
