package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import tools.jackson.databind.JsonNode;

/**
 * Idempotency keys (issue 14, decision 0140) against the running jars: a retried token issue answers the same token
 * and issues one, a retried deletion answers its original cascade and deletes once, a key reused for another request
 * is refused with 422 and leaves no event, and the table of keys holds no token in the clear.
 */
public abstract class IdempotencyScenarios extends E2ETestBase {

    private static final String KEY = "Idempotency-Key";

    private static String newKey() {
        return "e2e-" + Ids.random(20);
    }

    @Test
    @DisplayName("retrying POST /api/tokens with the same key answers the same token, and the list holds one")
    void retriedTokenIssue() throws SQLException {
        String key = newKey();
        String name = "idem-" + Ids.random(8);

        Api.Response first = api.command("POST", "/api/tokens").header(KEY, key)
                .json("name", name, "role", "AUDITOR").send().expect(201);
        Api.Response retry = api.command("POST", "/api/tokens").header(KEY, key)
                .json("name", name, "role", "AUDITOR").send().expect(201);

        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        String token = first.text("token");
        assertThat(retry.text("token")).isEqualTo(token);
        List<JsonNode> named = elements(api.command("GET", "/api/tokens").send().expect(200).json()).stream()
                .filter(entry -> name.equals(text(entry, "name"))).toList();
        assertThat(named).hasSize(1);
        api.command("GET", "/api/tokens").token(token).send().expect(200);
        assertNotInKeyTable(token);
    }

    @Test
    @DisplayName("retrying a deletion answers its original cascade, and the history holds one deletion")
    void retriedDeletion() {
        String credential = createCredential(OPENAI);
        List<String> instances = List.of(Ids.instance("idem-a"), Ids.instance("idem-b"), Ids.instance("idem-c"));
        instances.forEach(instance -> bind(instance, "openai.default", credential).expect(200));
        String key = newKey();

        Api.Response first = api.command("DELETE", "/api/credentials/" + credential).as("alice").header(KEY, key)
                .send().expect(200);
        Api.Response retry = api.command("DELETE", "/api/credentials/" + credential).as("alice").header(KEY, key)
                .send().expect(200);

        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(array(first.json(), "unbound")).extracting(entry -> text(entry, "instanceId"))
                .containsExactlyInAnyOrderElementsOf(instances);
        api.command("DELETE", "/api/credentials/" + credential).as("alice").send()
                .expectProblem(410, "credential-deleted");
        eventually("the history holds one deletion and its three unbinds", () -> {
            List<String> types = elements(api.query("GET", "/api/credentials/" + credential + "/history").send()
                    .expect(200).json()).stream().map(entry -> text(entry, "type")).toList();
            assertThat(types.stream().filter("CredentialDeleted"::equals)).hasSize(1);
            assertThat(types.stream().filter("SettingUnbound"::equals)).hasSize(3);
        });
    }

    @Test
    @DisplayName("the same key with another body answers 422 naming the key, and leaves no event")
    void sameKeyAnotherRequest() {
        String key = newKey();
        api.command("POST", "/api/credentials").as("alice").header(KEY, key)
                .json("name", Ids.name("idem first"), "provider", OPENAI, "secret", Ids.secret()).send().expect(201);
        long events = env.eventCount();

        Api.Response refused = api.command("POST", "/api/credentials").as("alice").header(KEY, key)
                .json("name", Ids.name("idem second"), "provider", OPENAI, "secret", Ids.secret()).send()
                .expectProblem(422, "idempotency-key-reused");

        assertThat(refused.text("idempotencyKey")).isEqualTo(key);
        assertThat(refused.json().has("id")).isFalse();
        assertThat(env.eventCount()).isEqualTo(events);
    }

    @Test
    @DisplayName("a malformed key answers 400 and changes nothing")
    void malformedKey() {
        long events = env.eventCount();
        for (String malformed : List.of("", "with space", "k".repeat(256))) {
            api.command("POST", "/api/credentials").as("alice").header(KEY, malformed)
                    .json("name", Ids.name("idem bad"), "provider", OPENAI, "secret", Ids.secret()).send()
                    .expectProblem(400, "invalid-request");
        }
        assertThat(env.eventCount()).isEqualTo(events);
    }

    /** Every column of the key table, as text, hex and what a byte column holds, is free of {@code secret}. */
    private void assertNotInKeyTable(String secret) throws SQLException {
        List<String> cells = new ArrayList<>();
        try (Connection c = env.jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select * from idempotency_key")) {
            ResultSetMetaData columns = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= columns.getColumnCount(); i++) {
                    if (columns.getColumnName(i).equalsIgnoreCase("answer")) {
                        byte[] bytes = rs.getBytes(i);
                        if (bytes != null) {
                            cells.add(new String(bytes, StandardCharsets.ISO_8859_1));
                            cells.add(HexFormat.of().formatHex(bytes));
                        }
                    } else if (rs.getString(i) != null) {
                        cells.add(rs.getString(i));
                    }
                }
            }
        }
        assertThat(cells).as("rows of idempotency_key").isNotEmpty();
        Set<String> forms = Set.of(secret, HexFormat.of().formatHex(secret.getBytes(StandardCharsets.UTF_8)),
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)));
        assertThat(cells).noneMatch(cell -> forms.stream().anyMatch(cell::contains));
    }
}
