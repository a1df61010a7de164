package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Environments;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.SecretLedger;

/**
 * Invariant 5: no plaintext secret is ever written to an event, a table, a log line or a query response. Runs a
 * scenario with distinctive secrets, stops the registry (so every file is flushed and closed), then searches the
 * database (every file of the H2 data directory, or every row of every PostgreSQL table) and both app logs for every
 * secret this test run sent, as plain UTF-8 and as base64.
 * <p>
 * This class stops the registry; it runs last for its database.
 */
public abstract class SecretLeakScenarios extends E2ETestBase {

    @Test
    @DisplayName("no secret is found in the database, the app logs or any response")
    void secretsNeverRest() throws Exception {
        String marker = "leakcheck-name-" + Ids.random(10);
        String first = Ids.secret();
        String rotated = Ids.secret();
        String other = Ids.secret();
        String difySecret = Ids.secret();

        String credential = createCredential(OPENAI, marker, first);
        bind(Ids.instance("leak-a"), "openai.default", credential);
        bind(Ids.instance("leak-b"), "openai.default", credential);
        api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("Leak duplicate"), "provider", OPENAI, "secret", first).send()
                .expectProblem(409, "duplicate-secret");
        api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice").json("secret", rotated).send()
                .expect(200);
        // Requests that fail while carrying a secret: their error handling must not log or echo it either.
        // (Their statuses are the validation tests' business; here only: no 5xx.)
        List<Api.Response> refused = List.of(
                api.command("POST", "/api/credentials").as("alice")
                        .body("{\"name\": \"leaky\", \"provider\": \"openai\", \"secret\": \""
                                + Ids.secret() + "\"")
                        .send(),
                api.command("POST", "/api/credentials").as("alice")
                        .json("name", Ids.name("Leak bad provider"), "provider", "Not A Provider", "secret",
                                Ids.secret()).send(),
                api.command("POST", "/api/credentials").as("alice")
                        .json("name", "n".repeat(201), "provider", OPENAI, "secret", Ids.secret()).send(),
                api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice")
                        .body("{\"secret\": [\"" + Ids.secret() + "\"]}").send(),
                api.command("PUT", "/api/credentials/no-such-credential/secret").as("alice")
                        .json("secret", Ids.secret()).send());
        for (Api.Response r : refused) {
            assertThat(r.status()).as("%s", r).isBetween(400, 499);
        }

        String second = createCredential(OPENAI, Ids.name("Leak other"), other);
        String dify = createCredential(DIFY, Ids.name("Leak dify"), difySecret);
        bind(Ids.instance("leak-c"), "dify.default", dify);
        api.command("DELETE", "/api/credentials/" + credential).as("alice").send().expect(200);
        api.command("DELETE", "/api/credentials/" + second).as("alice").send().expect(200);
        api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice").json("secret", Ids.secret())
                .send().expect(410);

        eventually("the query side has seen every step", () -> {
            for (String id : List.of(credential, second)) {
                assertThat(api.get("/api/credentials/" + id).expect(200).text("status")).isEqualTo("deleted");
                assertThat(elements(api.get("/api/credentials/" + id + "/history").expect(200).json()))
                        .extracting(e -> text(e, "type")).contains("CredentialDeleted");
            }
            assertThat(api.get("/api/credentials/" + dify).expect(200).json().get("bindingCount").asLong())
                    .isEqualTo(1);
        });
        // Read everything once more, so every query answer is in the transcript.
        api.get("/api/credentials");
        api.get("/api/credentials/" + dify);
        api.get("/api/credentials/" + credential + "/history");

        List<String> secrets = SecretLedger.all();
        assertThat(secrets).contains(first, rotated, other, difySecret);
        // Bearer tokens must not rest anywhere either (only their hashes); responses may carry them when issued.
        List<String> atRest = new ArrayList<>(secrets);
        atRest.add(api.adminToken());
        atRest.addAll(api.issuedTokens());
        assertThat(api.issuedTokens()).as("tokens issued in this run (every .as(actor) issues one)").isNotEmpty();
        Map<String, byte[]> needles = needles(atRest);

        // Responses.
        List<String> transcript = api.transcript();
        assertThat(transcript).isNotEmpty();
        for (String body : transcript) {
            for (String secret : secrets) {
                assertThat(body).as("a response body").doesNotContain(secret);
            }
        }

        // The database, at rest. Stopping flushes and closes every file.
        Environments.stopCurrent();
        Map<String, byte[]> haystacks = new LinkedHashMap<>();
        if (env.postgres() != null) {
            haystacks.putAll(postgresRows());
        } else {
            try (Stream<Path> files = Files.walk(env.dataDir())) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    haystacks.put(env.dataDir().relativize(f).toString(), Files.readAllBytes(f));
                }
            }
        }
        haystacks.put("command-side log", Files.readAllBytes(env.commandLog()));
        haystacks.put("query-side log", Files.readAllBytes(env.queryLog()));

        // The scan can see: the credential's name is stored in the clear (in events and read models).
        byte[] markerBytes = marker.getBytes(StandardCharsets.UTF_8);
        assertThat(haystacks.entrySet().stream().filter(h -> !h.getKey().endsWith(" log"))
                .anyMatch(h -> indexOf(h.getValue(), markerBytes) >= 0))
                .as("the scan finds the credential name '%s' somewhere in the database (%s)", marker,
                        haystacks.keySet())
                .isTrue();

        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, byte[]> haystack : haystacks.entrySet()) {
            for (Map.Entry<String, byte[]> needle : needles.entrySet()) {
                int at = indexOf(haystack.getValue(), needle.getValue());
                if (at >= 0) {
                    leaks.add(needle.getKey() + " in " + haystack.getKey() + " at byte " + at);
                }
            }
        }
        assertThat(leaks).as("secrets found at rest (searched %d secrets in %s)", secrets.size(), haystacks.keySet())
                .isEmpty();
    }

    /** Each secret as plain UTF-8 and as base64 of its UTF-8 bytes. */
    private static Map<String, byte[]> needles(List<String> secrets) {
        Map<String, byte[]> needles = new LinkedHashMap<>();
        for (String s : secrets) {
            byte[] plain = s.getBytes(StandardCharsets.UTF_8);
            needles.put("secret " + s, plain);
            needles.put("base64 of secret " + s,
                    Base64.getEncoder().withoutPadding().encodeToString(plain).getBytes(StandardCharsets.US_ASCII));
        }
        return needles;
    }

    /**
     * Every row of every table of schema {@code public} as text, and the raw bytes of every bytea column (the text
     * form of a row shows bytea as hex).
     */
    private Map<String, byte[]> postgresRows() throws SQLException, IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Connection c = env.jdbc()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = meta.getTables(null, "public", "%", new String[] {"TABLE"})) {
                while (rs.next()) {
                    tables.add(rs.getString("TABLE_NAME"));
                }
            }
            assertThat(tables).as("tables of schema public").contains("domain_event_entry");
            for (String table : tables) {
                StringBuilder rows = new StringBuilder();
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("select t::text from public.\"" + table + "\" t")) {
                    while (rs.next()) {
                        rows.append(rs.getString(1)).append('\n');
                    }
                }
                out.put("table " + table, rows.toString().getBytes(StandardCharsets.UTF_8));
                List<String> byteaColumns = new ArrayList<>();
                try (ResultSet rs = meta.getColumns(null, "public", table, "%")) {
                    while (rs.next()) {
                        if ("bytea".equals(rs.getString("TYPE_NAME"))) {
                            byteaColumns.add(rs.getString("COLUMN_NAME"));
                        }
                    }
                }
                for (String column : byteaColumns) {
                    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
                    try (Statement s = c.createStatement();
                         ResultSet rs = s.executeQuery("select \"" + column + "\" from public.\"" + table + "\"")) {
                        while (rs.next()) {
                            byte[] v = rs.getBytes(1);
                            if (v != null) {
                                bytes.write(v);
                                bytes.write('\n');
                            }
                        }
                    }
                    out.put("table " + table + " bytea column " + column, bytes.toByteArray());
                }
            }
        }
        return out;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
