package io.credreg.e2e;

import io.credreg.e2e.HostileRequests.Hostile;
import io.credreg.e2e.support.Api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A seeded generator of requests that attack through Unicode and encodings: names that lie (format characters,
 * separators, NEL, controls, invisible-only), look-alikes of an existing name, ids and path segments in every
 * script and broken percent-encodings, non-ASCII and malformed header values, query parameters with the same, and
 * bodies whose JSON escapes or bytes are not valid Unicode. Like {@link HostileRequests}, every request that could
 * change something carries a defect the registry must refuse, so an accepted one shows up as a new event.
 */
final class UnicodeRequests {

    /** Characters a name must not hold: format, separators, controls (NEL among them), surrogates. */
    private static final String[] LIARS = {"\u202E", "\u202D", "\u2066", "\u2067", "\u2069", "\u200B", "\u200C",
            "\u200D", "\u200E", "\u200F", "\u2060", "\uFEFF", "\u00AD", "\u061C", "\u2028", "\u2029", "\u0085",
            "\u0000", "\u0007", "\u001B", "\u007F", "\u009B", "\n", "\r", "\t", "\uDB40\uDC01", "\uFFF9"};
    /** Names with nothing visible in them. */
    private static final String[] INVISIBLE = {"\u00A0", "\u3164", "\u115F", "\u1160", "\u2800\u200B", "\u3000",
            "\u2002\u2003", "\u00A0\u00A0\u3164", "\uFFA0", "\u180E"};
    /** Confusable replacements of the target name's letters (UTS #39 skeletons agree on each). */
    private static final String[][] LOOK_ALIKES = {{"a", "\u0430"}, {"e", "\u0435"}, {"o", "\u043E"},
            {"A", "\u0410"}, {" ", "\u00A0"}, {"O", "0"}, {"c", "\u0441"}, {"p", "\u0440"}};
    /** Text in many scripts, normal forms and planes, for ids, headers and query parameters. */
    private static final String[] SCRIPTS = {"日本語", "Ελληνικά", "العربية", "עברית", "кириллица", "🔑🗝️", "e\u0301",
            "\u00E9", "ﬁ", "Å", "A\u030A", "ｆｕｌｌ", "𝔣𝔯𝔞𝔨", "İı", "ß", "\u0130stanbul", "zalgo\u0336\u0337\u0338",
            "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "𐐷", "\uFFFD", "\uFFFF", "\uD800", "\uDFFF"};
    /** Percent-encodings that are not UTF-8, or are UTF-8 of things no id may hold. */
    private static final String[] BROKEN_ESCAPES = {"%C0%AE", "%C0%AF", "%E0%80%AE", "%ED%A0%80", "%ED%BF%BF",
            "%F4%90%80%80", "%F8%88%80%80%80", "%C3", "%C3%28", "%A0%A1", "%E2%80%AE", "%E2%80%A8", "%C2%85",
            "%EF%BB%BF", "%F0%9F%94%91", "%E3%81%82", "%FE%FF", "%00", "%25C3%25A9"};
    private static final String[] TYPES = {"CredentialCreated", "SecretResolved", "ApiTokenIssued"};

    private final Random random;
    private final String credential;
    private final String targetName;
    private final String adminToken;

    UnicodeRequests(long seed, String credential, String targetName, String adminToken) {
        this.random = new Random(seed);
        this.credential = credential;
        this.targetName = targetName;
        this.adminToken = adminToken;
    }

    List<Hostile> generate(int count) {
        List<Hostile> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int roll = random.nextInt(100);
            if (roll < 25) {
                all.add(lyingName());
            } else if (roll < 35) {
                all.add(lookAlike());
            } else if (roll < 55) {
                all.add(unicodeId());
            } else if (roll < 70) {
                all.add(unicodeHeader());
            } else if (roll < 88) {
                all.add(unicodeQuery());
            } else {
                all.add(brokenBody());
            }
        }
        return all;
    }

    /** A create or rename whose name reorders, hides or breaks text, or shows nothing: 400. */
    private Hostile lyingName() {
        String name = random.nextInt(5) == 0 ? pick(INVISIBLE)
                : word() + pick(LIARS) + (random.nextBoolean() ? word() : pick(SCRIPTS));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        if (random.nextBoolean()) {
            fields.put("provider", "openai");
            fields.put("secret", HostileRequests.MARKER_PREFIX + "-" + word() + word());
            return body("name-lies", "POST", "/api/credentials", fields);
        }
        return body("name-lies", "PATCH", "/api/credentials/" + credential, fields);
    }

    /** A new credential whose name only looks like the existing one's: 409. */
    private Hostile lookAlike() {
        String name = targetName;
        int swaps = 1 + random.nextInt(3);
        for (int i = 0; i < swaps; i++) {
            String[] swap = pick(LOOK_ALIKES);
            name = name.replaceFirst(java.util.regex.Pattern.quote(swap[0]), swap[1]);
        }
        if (name.equals(targetName) || random.nextInt(4) == 0) {
            name = random.nextBoolean() ? name.toUpperCase(Locale.ROOT) : " " + name.toLowerCase(Locale.ROOT) + " ";
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("provider", "openai");
        fields.put("secret", HostileRequests.MARKER_PREFIX + "-" + word() + word());
        return body("look-alike", "POST", "/api/credentials", fields);
    }

    /** Ids and keys in other scripts or broken encodings, on reads and writes of both sides: 400 or 404. */
    private Hostile unicodeId() {
        String id = random.nextBoolean() ? enc(word() + pick(SCRIPTS)) : word() + pick(BROKEN_ESCAPES);
        return switch (random.nextInt(7)) {
            case 0 -> new Hostile("unicode-id", false, "GET", "/api/instances/" + id + "/settings/openai.default/secret",
                    Map.of(), null, null, null);
            case 1 -> new Hostile("unicode-id", false, "DELETE", "/api/instances/" + id, Map.of(), null, null, null);
            case 2 -> body("unicode-id", "PUT", "/api/instances/" + id + "/settings/openai.default",
                    Map.of("credentialId", credential + pick(SCRIPTS)));
            case 3 -> new Hostile("unicode-id", false, "DELETE", "/api/credentials/" + id, Map.of(), null, null, null);
            case 4 -> new Hostile("unicode-id", true, "GET", "/api/credentials/" + id, Map.of(), null, null, null);
            case 5 -> new Hostile("unicode-id", true, "GET", "/api/audit/correlations/" + id, Map.of(), null, null,
                    null);
            default -> new Hostile("unicode-id", true, "GET", "/api/instances/" + id + "/settings", Map.of(), null,
                    null, null);
        };
    }

    /** Header values with non-ASCII bytes, look-alike bearer tokens and forged correlation: sent raw. */
    private Hostile unicodeHeader() {
        String header = pick("X-Request-Id", "Authorization", "Accept", "Accept-Language", "X-Correlation-Id",
                "Content-Type", "X-Forwarded-For");
        String value = switch (header) {
            case "Authorization" -> pick("Bearer crt_" + word() + pick(SCRIPTS), "Bearer\u00A0crt_" + word(),
                    "Bеarer crt_" + word(), "Bearer " + pick(LIARS) + "crt_" + word());
            case "Content-Type" -> "application/json; charset=" + pick("utf-8\u0000", "ütf-8", "utf-7", "utf-32");
            default -> word() + pick(SCRIPTS) + pick(LIARS).replaceAll("[\\r\\n]", "");
        };
        boolean query = random.nextBoolean();
        String path = query ? pick("/api/credentials", "/api/audit?limit=1", "/api/credentials/" + credential)
                : "/api/credentials/" + credential;
        String method = query ? "GET" : "PATCH";
        byte[] body = query ? new byte[0]
                : ("{\"name\":\"x" + pick(LIARS).replace("\"", "") + "\"}").getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(method).append(' ').append(path)
                .append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (!header.equals("Content-Type")) {
            head.append("Content-Type: application/json\r\n");
        }
        if (!header.equals("Authorization")) {
            head.append("Authorization: Bearer ").append(adminToken).append("\r\n");
        }
        head.append(header).append(": ").append(value).append("\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] start = head.toString().getBytes(pick(StandardCharsets.UTF_8, StandardCharsets.ISO_8859_1));
        byte[] raw = java.util.Arrays.copyOf(start, start.length + body.length);
        System.arraycopy(body, 0, raw, start.length, body.length);
        return new Hostile("unicode-header", query, method, path, Map.of(), null, null, raw);
    }

    /** Query parameters of the read side in other scripts, as look-alikes, or broken encodings. */
    private Hostile unicodeQuery() {
        String value = switch (random.nextInt(3)) {
            case 0 -> enc(word() + pick(SCRIPTS) + pick(LIARS));
            case 1 -> enc(pick(TYPES).replace("e", "\u0435"));
            default -> random.nextBoolean() ? word() + pick(BROKEN_ESCAPES) : enc(word() + "\u00E9" + pick(LIARS));
        };
        String parameter = pick("name", "provider", "status", "instanceId", "q");
        String path = switch (random.nextInt(4)) {
            case 0 -> "/api/credentials?" + parameter + "=" + value;
            case 1 -> "/api/audit?" + pick("actor", "type", "credentialId", "instanceId", "cursor", "from", "format")
                    + "=" + value;
            case 2 -> "/api/credentials/" + credential + "/history?asOf=" + value;
            default -> "/api/audit?" + pick("type", "actor") + "=" + value + "&format=csv";
        };
        return new Hostile("unicode-query", true, "GET", path, Map.of(), null, null, null);
    }

    /** Bodies whose text is not Unicode: lone surrogate escapes, overlong bytes, wrong charsets, BOMs. */
    private Hostile brokenBody() {
        String name = word();
        byte[] bytes = switch (random.nextInt(6)) {
            case 0 -> ("{\"name\":\"" + name + pick("\\ud800", "\\udfff", "\\ud800\\u0041", "\\u0000", "\\u202e",
                    "\\u2028", "\\u0085") + "\"}").getBytes(StandardCharsets.UTF_8);
            case 1 -> concat("{\"name\":\"" + name, new byte[]{(byte) 0xC0, (byte) 0xAE}, "\"}");
            case 2 -> concat("{\"name\":\"" + name, new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, "\"}");
            case 3 -> concat("", new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                    "{\"name\":\"" + name + "\u202e\"}");
            case 4 -> ("{\"name\":\"" + name + "\u2029\"}").getBytes(StandardCharsets.UTF_16);
            default -> concat("{\"name\":\"" + name, new byte[]{(byte) 0xFF, (byte) 0xFE}, "\"}");
        };
        return new Hostile("broken-body", false, "PATCH", "/api/credentials/" + credential, Map.of(), bytes,
                "application/json", null);
    }

    // ---------------------------------------------------------------- helpers

    private Hostile body(String kind, String method, String path, Map<String, Object> fields) {
        return new Hostile(kind, false, method, path, Map.of(),
                Api.JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8), "application/json", null);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] a = head.getBytes(StandardCharsets.UTF_8);
        byte[] c = tail.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + middle.length + c.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(middle, 0, all, a.length, middle.length);
        System.arraycopy(c, 0, all, a.length + middle.length, c.length);
        return all;
    }

    private String word() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
