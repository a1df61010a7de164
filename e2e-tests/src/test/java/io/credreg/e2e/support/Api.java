package io.credreg.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A small HTTP client for the two sides. Every response body is kept in a transcript, so the secret-leak test can
 * check that no response ever carried a secret.
 */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI command;
    private final URI query;
    private final String adminToken;
    /**
     * Actor tokens by admin token and actor, shared by every client of one registry (the nodes of a cluster, a
     * registry restarted over the same database): live token names are unique, so a second client must reuse them.
     */
    private static final Map<String, String> TOKENS_BY_ACTOR = new HashMap<>();
    /** Every token issued in this run, by any client: shared like the actor tokens, so each leak check sees them all. */
    private static final List<String> ISSUED_TOKENS = Collections.synchronizedList(new ArrayList<>());
    private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());

    Api(URI command, URI query, String adminToken) {
        this.command = command;
        this.query = query;
        this.adminToken = adminToken;
    }

    /** The bootstrap admin token (principal {@code admin}), which every call sends unless told otherwise. */
    public String adminToken() {
        return adminToken;
    }

    /**
     * The token of principal {@code actor}: an ADMIN token of that name, issued on first use and cached, so that
     * what a test does {@code .as("alice")} is recorded with actor {@code alice}.
     */
    public String tokenFor(String actor) {
        synchronized (TOKENS_BY_ACTOR) {
            String key = adminToken + " " + actor;
            String token = TOKENS_BY_ACTOR.get(key);
            if (token == null) {
                revokeLiveTokensNamed(actor); // left by a client whose token values are gone with it
                token = issueToken(actor, "ADMIN", null);
                TOKENS_BY_ACTOR.put(key, token);
            }
            return token;
        }
    }

    private void revokeLiveTokensNamed(String name) {
        for (JsonNode entry : command("GET", "/api/tokens").send().expect(200).json()) {
            if (name.equalsIgnoreCase(Json.text(entry, "name")) && entry.path("revokedAt").isNull()) {
                command("DELETE", "/api/tokens/" + Json.text(entry, "id")).send().expect(204);
            }
        }
    }

    /**
     * Issues a token as the admin and waits until the query side accepts it too (it learns of tokens from the
     * events, within a moment). Returns the token.
     */
    public String issueToken(String name, String role, String instanceId) {
        Response issued = command("POST", "/api/tokens").json("name", name, "role", role, "instanceId", instanceId)
                .send().expect(201);
        String token = issued.text("token");
        ISSUED_TOKENS.add(token);
        String probe = instanceId == null ? "/api/credentials?name=token-probe"
                : "/api/instances/" + instanceId + "/settings";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (query("GET", probe).token(token).send().status() == 401) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the query side did not accept token '" + name + "' within 20 s");
            }
            RegistryEnvironment.sleep(50);
        }
        return token;
    }

    /** Adds a token issued some other way (a replacement) to those that must never be found at rest. */
    public void rememberToken(String token) {
        ISSUED_TOKENS.add(token);
    }

    /** Every token issued in this run (through any client). */
    public List<String> issuedTokens() {
        synchronized (ISSUED_TOKENS) {
            return List.copyOf(ISSUED_TOKENS);
        }
    }

    /** The id of a token issued by {@link #issueToken}, from the listing. */
    public String tokenId(String name) {
        for (JsonNode entry : command("GET", "/api/tokens").send().expect(200).json()) {
            if (name.equals(Json.text(entry, "name"))) {
                return Json.text(entry, "id");
            }
        }
        throw new AssertionError("no token named " + name);
    }

    /** A request to the command side. */
    public Call command(String method, String path) {
        return new Call(method, command, path);
    }

    /** A request to the query side. */
    public Call query(String method, String path) {
        return new Call(method, query, path);
    }

    /** Shorthand for a GET on the query side. */
    public Response get(String path) {
        return query("GET", path).send();
    }

    /** Every response body received so far (bodies of both sides, in arrival order). */
    public List<String> transcript() {
        synchronized (transcript) {
            return List.copyOf(transcript);
        }
    }

    public URI commandBase() {
        return command;
    }

    public URI queryBase() {
        return query;
    }

    /** JSON for a request body, built from alternating keys and values (values may be null). */
    public static String json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return JSON.writeValueAsString(map);
    }

    public final class Call {
        private final String method;
        private final URI base;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body;
        private String token = adminToken;
        private byte[] bytes;
        private String contentType = "application/json";
        private Duration timeout = Duration.ofSeconds(60);

        private Call(String method, URI base, String path) {
            this.method = method;
            this.base = base;
            this.path = path;
        }

        /** Sends the token of principal {@code actor} (see {@link Api#tokenFor}); the events record that actor. */
        public Call as(String actor) {
            this.token = tokenFor(actor);
            return this;
        }

        /** Sends this bearer token instead of the admin's. */
        public Call token(String bearerToken) {
            this.token = bearerToken;
            return this;
        }

        /** Sends no {@code Authorization} at all. */
        public Call anonymous() {
            this.token = null;
            return this;
        }

        /** Sends {@code X-Request-Id}. */
        public Call requestId(String requestId) {
            headers.put("X-Request-Id", requestId);
            return this;
        }

        public Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        /** How long to wait for the answer (60 s unless said): a cascade of 100,000 unbinds takes longer. */
        public Call timeout(Duration answerWithin) {
            this.timeout = answerWithin;
            return this;
        }

        /** A raw JSON body (sent as {@code application/json}), malformed on purpose or not. */
        public Call body(String rawJson) {
            this.body = rawJson;
            return this;
        }

        /** Raw bytes as the body (for bytes no Java string can hold, such as overlong UTF-8), of this type. */
        public Call bytes(byte[] raw, String type) {
            this.bytes = raw;
            this.contentType = type;
            return this;
        }

        /** A JSON object body from alternating keys and values. */
        public Call json(Object... keysAndValues) {
            return body(Api.json(keysAndValues));
        }

        public Response send() {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(timeout)
                    .header("Accept", "application/json, application/problem+json");
            if ((body != null || bytes != null) && contentType != null) {
                b.header("Content-Type", contentType);
            }
            if (token != null && headers.keySet().stream().noneMatch("Authorization"::equalsIgnoreCase)) {
                b.header("Authorization", "Bearer " + token);
            }
            headers.forEach(b::header);
            b.method(method, bytes != null ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                    : body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
            try {
                HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
                transcript.add(r.body());
                String sent = bytes != null ? "<" + bytes.length + " bytes>" : body;
                return new Response(method + " " + base.resolve(path), sent, r.statusCode(), r.headers().map(),
                        r.body());
            } catch (IOException e) {
                throw new AssertionError(method + " " + base.resolve(path) + " failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /** An HTTP answer, with what was asked, for readable assertion messages. */
    public static final class Response {
        private final String request;
        private final String requestBody;
        private final int status;
        private final Map<String, List<String>> headers;
        private final String body;
        private JsonNode json;

        Response(String request, String requestBody, int status, Map<String, List<String>> headers, String body) {
            this.request = request;
            this.requestBody = requestBody;
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String body() {
            return body;
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        /** The body as JSON; fails with the whole exchange when it is not JSON. */
        public JsonNode json() {
            if (json == null) {
                try {
                    json = JSON.readTree(body);
                } catch (RuntimeException e) {
                    throw new AssertionError("not JSON: " + this, e);
                }
            }
            return json;
        }

        /** A string field of the JSON body, {@code null} when missing or null. */
        public String text(String field) {
            return Json.text(json(), field);
        }

        /** Fails unless the status is one of {@code expected}. */
        public Response expect(int... expected) {
            for (int e : expected) {
                if (status == e) {
                    return this;
                }
            }
            throw new AssertionError("expected HTTP " + java.util.Arrays.toString(expected) + " but got " + this);
        }

        /**
         * Fails unless this is an RFC 9457 problem with this status, a {@code type} ending in {@code /typeSuffix}
         * and a non-blank {@code detail}.
         */
        public Response expectProblem(int expectedStatus, String typeSuffix) {
            expect(expectedStatus);
            if (!contentType().startsWith("application/problem+json")) {
                throw new AssertionError("expected Content-Type application/problem+json but got '" + contentType()
                        + "' in " + this);
            }
            String type = text("type");
            if (type == null || !type.endsWith("/" + typeSuffix)) {
                throw new AssertionError("expected a problem type ending in /" + typeSuffix + " but got " + type
                        + " in " + this);
            }
            String detail = text("detail");
            if (detail == null || detail.isBlank()) {
                throw new AssertionError("expected a problem detail in " + this);
            }
            return this;
        }

        @Override
        public String toString() {
            return request + (requestBody == null ? "" : " " + abbreviate(requestBody)) + " -> HTTP " + status
                    + " " + contentType() + " " + abbreviate(body);
        }

        private static String abbreviate(String s) {
            return s == null || s.length() <= 1500 ? s : s.substring(0, 1500) + "…(" + s.length() + " chars)";
        }
    }
}
