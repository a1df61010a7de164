package io.credreg.e2e;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who may call which endpoint, for both sides, in one table: the end-to-end role matrix
 * ({@link SecurityScenarios}) calls every row as every {@link Caller}. A new endpoint gets a row here. Paths name
 * {@link #INSTANCE} where an instance token's own instance matters; admin calls use unknown ids or empty bodies, so
 * they are let through and then refused (400, 404) without changing anything.
 */
final class AccessMatrix {

    /** Who asks. */
    enum Caller { NONE, GARBAGE, REVOKED, ADMIN, AUDITOR, OWN_INSTANCE, OTHER_INSTANCE }

    enum Side { COMMAND, QUERY }

    /** {@code ifMatch}, when not null, is sent as the request's If-Match: a precondition changes no rule. */
    record Endpoint(Side side, String method, String path, String body, Set<Caller> allowed, String ifMatch) {

        Endpoint(Side side, String method, String path, String body, Set<Caller> allowed) {
            this(side, method, path, body, allowed, null);
        }

        @Override
        public String toString() {
            return side + " " + method + " " + path + (ifMatch == null ? "" : " If-Match " + ifMatch);
        }
    }

    /** The instance the {@link Caller#OWN_INSTANCE} token is bound to. */
    static final String INSTANCE = "matrix-instance";
    private static final String UNKNOWN = "matrix-no-such-credential";
    private static final String PAST = "2026-01-01T00:00:00Z";

    static final Set<Caller> ADMIN = EnumSet.of(Caller.ADMIN);
    static final Set<Caller> READERS = EnumSet.of(Caller.ADMIN, Caller.AUDITOR);
    static final Set<Caller> ADMIN_OR_OWN_INSTANCE = EnumSet.of(Caller.ADMIN, Caller.OWN_INSTANCE);
    static final Set<Caller> READERS_OR_OWN_INSTANCE = EnumSet.of(Caller.ADMIN, Caller.AUDITOR, Caller.OWN_INSTANCE);
    /** Health is open; a token that does not authenticate is refused wherever it is sent. */
    static final Set<Caller> ANYONE = EnumSet.complementOf(EnumSet.of(Caller.GARBAGE, Caller.REVOKED));

    /** Any token that authenticates (the console refuses an instance token itself, politely). */
    static final Set<Caller> ANY_TOKEN = EnumSet.of(Caller.ADMIN, Caller.AUDITOR, Caller.OWN_INSTANCE,
            Caller.OTHER_INSTANCE);

    static final List<Endpoint> ENDPOINTS = List.of(
            // command side
            new Endpoint(Side.COMMAND, "POST", "/api/credentials", "{}", ADMIN),
            new Endpoint(Side.COMMAND, "PATCH", "/api/credentials/" + UNKNOWN, "{}", ADMIN),
            new Endpoint(Side.COMMAND, "PUT", "/api/credentials/" + UNKNOWN + "/secret", "{}", ADMIN),
            new Endpoint(Side.COMMAND, "DELETE", "/api/credentials/" + UNKNOWN, null, ADMIN),
            // expected versions (decision 0130): an If-Match is a precondition, never a permission
            new Endpoint(Side.COMMAND, "PATCH", "/api/credentials/" + UNKNOWN, "{}", ADMIN, "\"0\""),
            new Endpoint(Side.COMMAND, "PUT", "/api/credentials/" + UNKNOWN + "/secret", "{}", ADMIN, "\"0\""),
            new Endpoint(Side.COMMAND, "DELETE", "/api/credentials/" + UNKNOWN, null, ADMIN, "\"0\""),
            // the recovery window (decision 0200)
            new Endpoint(Side.COMMAND, "DELETE", "/api/credentials/" + UNKNOWN + "?recoveryWindowDays=3", null, ADMIN),
            new Endpoint(Side.COMMAND, "POST", "/api/credentials/" + UNKNOWN + "/restore", null, ADMIN),
            new Endpoint(Side.COMMAND, "POST", "/api/credentials/" + UNKNOWN + "/restore", null, ADMIN, "\"0\""),
            new Endpoint(Side.COMMAND, "PUT", "/api/instances/" + INSTANCE + "/settings/openai.default", "{}", ADMIN,
                    "\"0\""),
            new Endpoint(Side.COMMAND, "DELETE", "/api/instances/" + INSTANCE + "/settings/openai.default", null, ADMIN,
                    "\"0\""),
            new Endpoint(Side.COMMAND, "DELETE", "/api/instances/" + INSTANCE + "-removable", null, ADMIN, "\"0\""),
            new Endpoint(Side.COMMAND, "PUT", "/api/instances/" + INSTANCE + "/settings/openai.default", "{}", ADMIN),
            new Endpoint(Side.COMMAND, "DELETE", "/api/instances/" + INSTANCE + "/settings/openai.default", null, ADMIN),
            // another instance: removing the own instance would revoke the OWN_INSTANCE token with it (decision 0090)
            new Endpoint(Side.COMMAND, "DELETE", "/api/instances/" + INSTANCE + "-removable", null, ADMIN),
            new Endpoint(Side.COMMAND, "GET", "/api/instances/" + INSTANCE + "/settings/openai.default/secret", null,
                    ADMIN_OR_OWN_INSTANCE),
            new Endpoint(Side.COMMAND, "POST", "/api/tokens", "{}", ADMIN),
            new Endpoint(Side.COMMAND, "GET", "/api/tokens", null, READERS),
            new Endpoint(Side.COMMAND, "DELETE", "/api/tokens/matrix-no-such-token", null, ADMIN),
            new Endpoint(Side.COMMAND, "POST", "/api/tokens/matrix-no-such-token/replacement", "{}", ADMIN),
            // with no previous master key configured, an admin's rotation request is refused (409) and changes nothing
            new Endpoint(Side.COMMAND, "POST", "/api/admin/master-key/rotation", null, ADMIN),
            new Endpoint(Side.COMMAND, "GET", "/api/admin/master-key/rotation", null, ADMIN),
            new Endpoint(Side.COMMAND, "GET", "/actuator/health", null, ANYONE),
            new Endpoint(Side.COMMAND, "GET", "/actuator/metrics", null, ADMIN),
            new Endpoint(Side.COMMAND, "GET", "/actuator/prometheus", null, ADMIN),
            // the API description and Swagger UI hold no secret; the calls made from them need a token
            new Endpoint(Side.COMMAND, "GET", "/v3/api-docs", null, ANYONE),
            new Endpoint(Side.COMMAND, "GET", "/swagger-ui/index.html", null, ANYONE),
            // query side
            new Endpoint(Side.QUERY, "GET", "/api/credentials", null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/credentials/" + UNKNOWN, null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/credentials/" + UNKNOWN + "/deletion-impact", null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/credentials/" + UNKNOWN + "/history", null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/instances/" + INSTANCE + "/settings", null, READERS_OR_OWN_INSTANCE),
            new Endpoint(Side.QUERY, "GET", "/api/instances/" + INSTANCE + "/settings?at=" + PAST, null,
                    READERS_OR_OWN_INSTANCE),
            new Endpoint(Side.QUERY, "GET", "/api/credentials/" + UNKNOWN + "?at=" + PAST, null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/audit", null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/audit?instanceId=" + INSTANCE + "&format=csv", null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/audit?format=ndjson", null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/audit/correlations/matrix-no-such-request", null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/audit/verify", null, READERS),
            new Endpoint(Side.QUERY, "GET", "/api/audit/checkpoints", null, READERS),
            // signs the chain's head: a write, for admins only
            new Endpoint(Side.QUERY, "POST", "/api/audit/checkpoints", null, ADMIN),
            new Endpoint(Side.QUERY, "GET", "/api/admin/processors", null, ADMIN),
            new Endpoint(Side.QUERY, "GET", "/api/admin/processors/credentials", null, ADMIN),
            new Endpoint(Side.QUERY, "POST", "/api/admin/processors/matrix-no-such-processor/replay", null, ADMIN),
            new Endpoint(Side.QUERY, "DELETE", "/api/admin/processors/matrix-no-such-processor", null, ADMIN),
            new Endpoint(Side.QUERY, "GET", "/actuator/health", null, ANYONE),
            new Endpoint(Side.QUERY, "GET", "/actuator/metrics", null, ADMIN),
            new Endpoint(Side.QUERY, "GET", "/actuator/prometheus", null, ADMIN),
            new Endpoint(Side.QUERY, "GET", "/v3/api-docs", null, ANYONE),
            new Endpoint(Side.QUERY, "GET", "/swagger-ui/index.html", null, ANYONE),
            // the admin console: its files are open, what it shows needs a token
            new Endpoint(Side.QUERY, "GET", "/console/", null, ANYONE),
            new Endpoint(Side.QUERY, "GET", "/console/app.js", null, ANYONE),
            new Endpoint(Side.QUERY, "GET", "/api/me", null, ANY_TOKEN),
            new Endpoint(Side.QUERY, "GET", "/api/console/config", null, ANY_TOKEN),
            new Endpoint(Side.QUERY, "GET", "/api/credentials?page=0&size=10&sort=-name", null, READERS));

    private AccessMatrix() {
    }

    /** "allowed", "401" or "403". */
    static String expectation(Endpoint endpoint, Caller caller) {
        if (endpoint.allowed().contains(caller)) {
            return "allowed";
        }
        return EnumSet.of(Caller.NONE, Caller.GARBAGE, Caller.REVOKED).contains(caller) ? "401" : "403";
    }
}
