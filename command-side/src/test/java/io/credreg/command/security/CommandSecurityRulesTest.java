package io.credreg.command.security;

import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every endpoint of the command side against every kind of caller: no token and a garbage or revoked token get 401,
 * a role the rules do not allow (or an instance token for another instance) 403, everyone else an answer. Admin
 * calls use unknown ids or empty bodies, so they are allowed through and then refused (400, 404) without changing
 * anything.
 */
class CommandSecurityRulesTest extends CommandSideIntegrationTest {

    enum Caller { NONE, GARBAGE, REVOKED, ADMIN, AUDITOR, OWN_INSTANCE, OTHER_INSTANCE }

    private static final Set<Caller> ADMIN = EnumSet.of(Caller.ADMIN);
    private static final Set<Caller> ADMIN_OR_AUDITOR = EnumSet.of(Caller.ADMIN, Caller.AUDITOR);
    private static final Set<Caller> ADMIN_OR_OWN_INSTANCE = EnumSet.of(Caller.ADMIN, Caller.OWN_INSTANCE);
    /** Health is open, but a token that does not authenticate is refused wherever it is sent. */
    private static final Set<Caller> ANYONE = EnumSet.complementOf(EnumSet.of(Caller.GARBAGE, Caller.REVOKED));

    /** {@code ifMatch}, when not null, is sent as the request's If-Match: a precondition changes no rule. */
    record Endpoint(String method, String path, String body, Set<Caller> allowed, String ifMatch) {

        Endpoint(String method, String path, String body, Set<Caller> allowed) {
            this(method, path, body, allowed, null);
        }
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheRulesSay() {
        String instance = unique("inst");
        String credential = unique("no-such-credential");
        List<Endpoint> endpoints = List.of(
                new Endpoint("POST", "/api/credentials", "{}", ADMIN),
                new Endpoint("PATCH", "/api/credentials/" + credential, "{}", ADMIN),
                new Endpoint("PUT", "/api/credentials/" + credential + "/secret", "{}", ADMIN),
                new Endpoint("DELETE", "/api/credentials/" + credential, null, ADMIN),
                new Endpoint("PATCH", "/api/credentials/" + credential, "{}", ADMIN, "\"0\""),
                new Endpoint("PUT", "/api/credentials/" + credential + "/secret", "{}", ADMIN, "\"0\""),
                new Endpoint("DELETE", "/api/credentials/" + credential, null, ADMIN, "\"0\""),
                // the recovery window (decision 0200)
                new Endpoint("DELETE", "/api/credentials/" + credential + "?recoveryWindowDays=3", null, ADMIN),
                new Endpoint("POST", "/api/credentials/" + credential + "/restore", null, ADMIN),
                new Endpoint("POST", "/api/credentials/" + credential + "/restore", null, ADMIN, "\"0\""),
                new Endpoint("PUT", "/api/instances/" + instance + "/settings/openai.default", "{}", ADMIN, "\"0\""),
                new Endpoint("DELETE", "/api/instances/" + instance + "/settings/openai.default", null, ADMIN,
                        "\"0\""),
                new Endpoint("DELETE", "/api/instances/" + instance + "-removable", null, ADMIN, "\"0\""),
                new Endpoint("PUT", "/api/instances/" + instance + "/settings/openai.default", "{}", ADMIN),
                new Endpoint("DELETE", "/api/instances/" + instance + "/settings/openai.default", null, ADMIN),
                // another instance: removing the own instance would revoke the OWN_INSTANCE token with it
                new Endpoint("DELETE", "/api/instances/" + instance + "-removable", null, ADMIN),
                new Endpoint("GET", "/api/instances/" + instance + "/settings/openai.default/secret", null,
                        ADMIN_OR_OWN_INSTANCE),
                new Endpoint("POST", "/api/tokens", "{}", ADMIN),
                new Endpoint("GET", "/api/tokens", null, ADMIN_OR_AUDITOR),
                new Endpoint("DELETE", "/api/tokens/no-such-token", null, ADMIN),
                new Endpoint("GET", "/actuator/health", null, ANYONE),
                new Endpoint("GET", "/actuator/metrics", null, ADMIN),
                new Endpoint("GET", "/actuator/prometheus", null, ADMIN),
                new Endpoint("GET", "/actuator/info", null, ADMIN),
                // the API description and Swagger UI hold no secret
                new Endpoint("GET", "/v3/api-docs", null, ANYONE),
                new Endpoint("GET", "/swagger-ui/index.html", null, ANYONE));
        Map<Caller, String> tokens = tokensFor(instance);

        List<String> wrong = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            // a command request is sent with and without an Idempotency-Key: the key changes no verdict
            boolean command = !endpoint.method().equals("GET");
            for (Caller caller : Caller.values()) {
                for (boolean keyed : command ? new boolean[] {false, true} : new boolean[] {false}) {
                    Reply reply = send(endpoint.method(), endpoint.path(),
                            endpoint.body() == null ? null : "application/json", endpoint.body(),
                            "Authorization", tokens.get(caller) == null ? null : bearer(tokens.get(caller)),
                            "If-Match", endpoint.ifMatch(),
                            "Idempotency-Key", keyed ? unique("matrix") : null);
                    String expected = endpoint.allowed().contains(caller) ? "allowed"
                            : EnumSet.of(Caller.NONE, Caller.GARBAGE, Caller.REVOKED).contains(caller) ? "401" : "403";
                    boolean ok = switch (expected) {
                        case "401" -> reply.status() == 401 && reply.header("WWW-Authenticate") != null
                                && reply.body().contains("/problems/unauthenticated");
                        case "403" -> reply.status() == 403 && reply.body().contains("/problems/forbidden");
                        default -> reply.status() != 401 && reply.status() != 403 && reply.status() < 500;
                    };
                    if (!ok) {
                        wrong.add(caller + " " + endpoint.method() + " " + endpoint.path()
                                + (keyed ? " (with Idempotency-Key)" : "") + ": expected " + expected + ", got " + reply);
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void aForbiddenAnswerSaysWhoWasRefusedWhat() {
        String auditor = issueToken(unique("auditor"), "AUDITOR", null);

        Reply reply = delete("/api/credentials/" + unique("c"), "Authorization", bearer(auditor));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.json().get("detail").asString()).contains("role AUDITOR").contains("DELETE /api/credentials/");
    }

    @Test
    void aPreflightFromTheAdminUiOriginIsAllowedAndFromAnyOtherRefused() {
        Reply allowed = send("OPTIONS", "/api/credentials", null, null, "Authorization", null,
                "Origin", "https://admin.example.test", "Access-Control-Request-Method", "POST",
                "Access-Control-Request-Headers", "authorization,content-type");
        Reply refused = send("OPTIONS", "/api/credentials", null, null, "Authorization", null,
                "Origin", "https://evil.example", "Access-Control-Request-Method", "POST");

        assertThat(allowed.status()).as("%s", allowed).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo("https://admin.example.test");
        assertThat(allowed.header("Access-Control-Allow-Methods")).contains("POST");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.header("Access-Control-Allow-Origin")).isNull();
    }

    @Test
    void theAdminUiMaySendExpectedVersionsAndIdempotencyKeysAndReadTheETag() {
        Reply preflight = send("OPTIONS", "/api/credentials/c-1", null, null, "Authorization", null,
                "Origin", "https://admin.example.test", "Access-Control-Request-Method", "DELETE",
                "Access-Control-Request-Headers", "authorization,if-match,idempotency-key");
        Reply created = post("/api/credentials", json("name", unique("cors"), "provider", "openai",
                "secret", newSecret()), "Origin", "https://admin.example.test");

        assertThat(preflight.status()).as("%s", preflight).isEqualTo(200);
        assertThat(preflight.header("Access-Control-Allow-Headers").toLowerCase())
                .contains("if-match").contains("idempotency-key");
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.header("Access-Control-Expose-Headers")).contains("ETag");
    }

    private Map<Caller, String> tokensFor(String instance) {
        Map<Caller, String> tokens = new EnumMap<>(Caller.class);
        tokens.put(Caller.ADMIN, ADMIN_TOKEN);
        tokens.put(Caller.GARBAGE, "crt_" + "x".repeat(43));
        tokens.put(Caller.AUDITOR, issueToken(unique("auditor"), "AUDITOR", null));
        tokens.put(Caller.OWN_INSTANCE, issueToken(unique("own"), "INSTANCE", instance));
        tokens.put(Caller.OTHER_INSTANCE, issueToken(unique("other"), "INSTANCE", instance + "-other"));
        Reply revoked = post("/api/tokens", json("name", unique("revoked"), "role", "ADMIN"));
        assertThat(delete("/api/tokens/" + revoked.json().get("id").asString()).status()).isEqualTo(204);
        tokens.put(Caller.REVOKED, revoked.json().get("token").asString());
        return tokens;
    }
}
