package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.EvolutionSourceDatabase;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.RegistryEnvironment.LauncherRun;
import tools.jackson.databind.JsonNode;

/**
 * {@code ./registry import-evolution}, run as a process against the running registry (on H2 through the embedded
 * database's auto-server, on PostgreSQL directly) with a real PostgreSQL source full of messy rows: a dry run that
 * prints the plan and writes nothing, the import, checked over the query API and in the event store, and a second
 * run that writes nothing. The keys come from {@link Ids#secret()}, so the secret-leak test, which runs after this
 * class, also searches the database and logs for them.
 */
public abstract class ImportEvolutionScenarios extends E2ETestBase {

    private static final String PLAN_AFTER_FIRST_IMPORT = "plan-summary credentials.create=0 credentials.reused=6 "
            + "merged.keys=1 merged.rows=2 bindings.create=0 bindings.in-place=9 bindings.kept=1 skipped=10";

    @Test
    @DisplayName("a dry run changes nothing, the import writes what it planned, a second run writes nothing")
    void importsAnEvolutionDatabase() throws SQLException {
        String t = Ids.random(6);
        String acme1 = "evo-" + t + "-acme-1";
        String acme2 = "evo-" + t + "-acme-2";
        String beta = "evo-" + t + "-beta";
        String gamma = "evo-" + t + "-gamma";
        String delta = "evo-" + t + "-delta";
        String keyA = Ids.secret();
        String keyB = Ids.secret();
        String keyC = Ids.secret();
        String keyD = Ids.secret();
        String keyE = Ids.secret();
        String keyF = Ids.secret();
        List<String> keys = List.of(keyA, keyB, keyC, keyD, keyE, keyF);

        // Registered through the API before the import: the key of c9, bound to beta's default setting; and another
        // credential that already fills delta's default setting, which the import must leave alone.
        String existingF = createCredential(OPENAI, Ids.name("Prod " + t), keyF);
        bind(beta, "openai.default", existingF);
        String other = createCredential(OPENAI);
        bind(delta, "openai.default", other);

        EvolutionSourceDatabase source = EvolutionSourceDatabase.create();
        source.instance("i1", acme1);
        source.instance("i2", acme2);
        source.instance("i3", "My Shop " + t);           // not a valid instance id
        source.instance("i4", "evo-" + t + "-dup");       // one name, two instances
        source.instance("i5", "evo-" + t + "-dup");
        source.instance("i6", beta);
        source.instance("i7", gamma);
        source.instance("i8", delta);
        source.creds("c1", "Acme " + t, keyA, "i1");
        source.creds("c2", "Acme copy " + t, "  " + keyA + " ", "i2");   // the same key, padded: merged
        source.creds("c3", "No key", null, "i1");
        source.creds("c4", "Blank", "   ", "i2");
        source.creds("c5", "Acme " + t, keyB, "i6");                     // another key, the same name
        source.creds("c6", "Ключ ☕ " + t, keyC, "i7");
        source.creds("c7", null, keyD, "i-gone");                         // no name, its instance is gone
        source.creds("c8", keyE, keyE, "i1");                             // the key pasted as its name
        source.creds("c9", "Prod again " + t, keyF, "i6");                // registered already
        source.setting("s1", "i1", "c1");
        source.setting("s2", "i2", "c2");
        source.setting("s3", "i6", "c3");       // creds without a key
        source.setting("s4", "i6", "c99");      // creds that do not exist
        source.setting("s5", "i-gone", "c1");   // instance that does not exist
        source.setting("s6", "i3", "c1");       // instance with an invalid name
        source.setting("s7", "i4", "c5");       // instance with an ambiguous name
        source.setting("s8", "i7", "c6");
        source.setting("s9", "i7", "c5");       // a second setting of gamma: s8 wins
        source.setting("s10", "i6", "c9");      // in place already
        source.setting("s11", "i8", "c1");      // delta holds another credential: kept
        source.bot("b1", "i1", "c1", true);
        source.bot("b2", "i2", "c5", false);    // disabled: imported all the same
        source.bot("b3", "i7", "c6", null);
        source.bot("B-Upper", "i1", "c1", true); // not a valid setting key
        source.bot("b5", "i1", null, true);
        source.bot("b6", "i2", "c8", true);
        source.bot("b7", "i6", "c9", true);

        List<String> sourceArgs = List.of("--source-url", source.url(), "--source-user", source.user(),
                "--source-password", source.password());
        long eventsBefore = env.eventCount();
        long fingerprintsBefore = count("secret_fingerprint");

        // 1. Dry run: the plan, and nothing written.
        LauncherRun dryRun = importEvolution("import-evolution-dry-run", sourceArgs, "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.output()).isZero();
        assertThat(dryRun.output()).contains(
                "plan-summary credentials.create=5 credentials.reused=1 merged.keys=1 merged.rows=2 "
                        + "bindings.create=8 bindings.in-place=1 bindings.kept=1 skipped=10",
                "+ \"Acme " + t + "\" " + hint(keyA) + "  from OpenaiCreds c1, c2",
                "+ \"Acme " + t + " (c5)\"",
                "= " + existingF + " " + hint(keyF),
                "* OpenaiCreds c1, c2 share the key " + hint(keyA),
                "+ " + acme2 + " openai.bot.b2 -> \"Acme " + t + " (c5)\"",
                "the bot is disabled in the source",
                "= " + beta + " openai.default -> credential " + existingF,
                "! " + delta + " openai.default",
                "OpenaiCreds c3: apiKey is null",
                "OpenaiCreds c4: apiKey is empty or only whitespace",
                "OpenaiSetting s4: OpenaiCreds c99 does not exist",
                "OpenaiSetting s5: Instance i-gone does not exist",
                "OpenaiSetting s6: Instance i3 is named 'My Shop " + t + "'",
                "OpenaiSetting s7: instance name 'evo-" + t + "-dup' belongs to several Instance rows (i4, i5)",
                "OpenaiSetting s9: instance '" + gamma + "' has several OpenaiSetting rows",
                "OpenaiBot B-Upper: 'openai.bot.B-Upper' is not a valid registry setting key",
                "OpenaiBot b5: openaiCredsId is null",
                "OpenaiCreds c2: its apiKey had surrounding whitespace, which was trimmed",
                "Dry run: nothing was changed.");
        assertNoKeyIn(dryRun.output(), keys);
        assertThat(env.eventCount()).as("events after the dry run").isEqualTo(eventsBefore);
        assertThat(count("secret_fingerprint")).as("fingerprints after the dry run").isEqualTo(fingerprintsBefore);

        // 2. The import: what the dry run planned.
        LauncherRun run = importEvolution("import-evolution", sourceArgs);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("plan-summary credentials.create=5 credentials.reused=1 merged.keys=1 "
                + "merged.rows=2 bindings.create=8 bindings.in-place=1 bindings.kept=1 skipped=10",
                "import-summary credentials.created=5 credentials.reused-meanwhile=0 bindings.created=8 "
                        + "bindings.kept-meanwhile=0 bindings.replaced-meanwhile=0 failed=0");
        assertNoKeyIn(run.output(), keys);
        assertThat(env.eventCount()).as("5 credentials and 8 bindings").isEqualTo(eventsBefore + 13);

        Map<String, JsonNode> imported = eventually("the query side shows the imported credentials", () -> {
            Map<String, JsonNode> byName = new LinkedHashMap<>();
            for (JsonNode credential : elements(api.get("/api/credentials?provider=openai").expect(200).json())) {
                byName.put(text(credential, "name"), credential);
            }
            assertThat(byName).containsKeys("Acme " + t, "Acme " + t + " (c5)", "Ключ ☕ " + t,
                    "Evolution OpenAI c7", "Evolution OpenAI c8");
            assertThat(byName.get("Acme " + t).get("bindingCount").asLong()).isEqualTo(3);
            assertThat(byName.get("Evolution OpenAI c7").get("bindingCount").asLong()).isZero();
            return byName;
        });
        String a = text(imported.get("Acme " + t), "id");
        String b = text(imported.get("Acme " + t + " (c5)"), "id");
        String c = text(imported.get("Ключ ☕ " + t), "id");
        String e = text(imported.get("Evolution OpenAI c8"), "id");
        assertThat(text(imported.get("Acme " + t), "secretHint")).isEqualTo(hint(keyA));
        eventually("the query side shows the imported bindings", () -> {
            assertThat(settings(acme1)).containsExactly(Map.entry("openai.bot.b1", a), Map.entry("openai.default", a));
            assertThat(settings(acme2)).containsExactly(Map.entry("openai.bot.b2", b), Map.entry("openai.bot.b6", e),
                    Map.entry("openai.default", a));
            assertThat(settings(gamma)).containsExactly(Map.entry("openai.bot.b3", c), Map.entry("openai.default", c));
            assertThat(settings(beta)).containsExactly(Map.entry("openai.bot.b7", existingF),
                    Map.entry("openai.default", existingF));
            assertThat(settings(delta)).containsExactly(Map.entry("openai.default", other));
        });

        // The history records the import: its events say so, and name the rows they came from.
        List<Map<String, String>> aEvents = metadataOf(a);
        assertThat(aEvents).hasSize(4);
        String correlationId = aEvents.get(0).get("correlationId");
        assertThat(correlationId).startsWith("import-evolution-");
        assertThat(run.output()).contains("correlation-id=" + correlationId);
        assertThat(aEvents).allSatisfy(metadata -> assertThat(metadata).containsEntry("source", "import")
                .containsEntry("actor", "import").containsEntry("correlationId", correlationId));
        assertThat(aEvents.get(0)).containsEntry("legacyCredsIds", "c1,c2");
        assertThat(aEvents).anySatisfy(metadata -> assertThat(metadata).containsEntry("legacySettingId", "s2")
                .containsEntry("legacyInstanceId", "i2").containsEntry("legacyCredsId", "c2"));
        assertThat(metadataOf(b)).anySatisfy(metadata -> assertThat(metadata).containsEntry("legacyBotId", "b2")
                .containsEntry("legacyInstanceId", "i2").doesNotContainKey("legacySettingId"));
        assertThat(metadataOf(existingF)).filteredOn(metadata -> metadata.containsKey("source")).singleElement()
                .satisfies(metadata -> assertThat(metadata).containsEntry("legacyBotId", "b7"));
        JsonNode history = api.get("/api/credentials/" + a + "/history").expect(200).json();
        assertThat(elements(history)).extracting(entry -> text(entry, "actor")).containsOnly("import");

        // 3. Again: everything is recognised, nothing is written.
        LauncherRun again = importEvolution("import-evolution-again", sourceArgs);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains(PLAN_AFTER_FIRST_IMPORT,
                "import-summary credentials.created=0 credentials.reused-meanwhile=0 bindings.created=0");
        assertThat(env.eventCount()).as("events after the second run").isEqualTo(eventsBefore + 13);
    }

    @Test
    @DisplayName("bad arguments exit 2, an unreachable source exits 1, and neither changes anything")
    void refusesBadArgumentsAndAnUnreachableSource() {
        long eventsBefore = env.eventCount();

        LauncherRun noUrl = importEvolution("import-evolution-no-url", List.of("--source-user", "evo"));
        assertThat(noUrl.exitCode()).as(noUrl.output()).isEqualTo(2);
        assertThat(noUrl.output()).contains("--source-url is required", "Usage: import-evolution");

        LauncherRun unreachable = importEvolution("import-evolution-unreachable",
                List.of("--source-url", "jdbc:postgresql://127.0.0.1:9/evolution?connectTimeout=5",
                        "--source-user", "evo", "--source-password", "not-the-password"));
        assertThat(unreachable.exitCode()).as(unreachable.output()).isEqualTo(1);
        assertThat(unreachable.output()).contains("cannot connect to the source jdbc:postgresql://127.0.0.1:9/evolution")
                .doesNotContain("not-the-password");
        assertThat(env.eventCount()).isEqualTo(eventsBefore);
    }

    private LauncherRun importEvolution(String logName, List<String> args, String... more) {
        List<String> all = new ArrayList<>(List.of("import-evolution"));
        all.addAll(args);
        all.addAll(List.of(more));
        return env.runLauncher(logName, all, Map.of());
    }

    /** The hint the registry shows for a key of 16 or more characters. */
    private static String hint(String key) {
        return "…" + key.substring(key.length() - 4);
    }

    private static void assertNoKeyIn(String output, List<String> keys) {
        for (String key : keys) {
            assertThat(output).as("the import's output").doesNotContain(key);
        }
    }

    /** An instance's settings as setting key -> credential id, in key order. */
    private Map<String, String> settings(String instanceId) {
        Api.Response r = api.get("/api/instances/" + instanceId + "/settings");
        Map<String, String> settings = new java.util.TreeMap<>();
        if (r.status() == 404) {
            return settings;
        }
        for (JsonNode setting : elements(r.expect(200).json())) {
            settings.put(text(setting, "settingKey"), text(setting, "credentialId"));
        }
        return settings;
    }

    private long count(String table) throws SQLException {
        try (Connection c = env.jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The metadata of a credential's stored events, in stream order, read from the event table itself. */
    private List<Map<String, String>> metadataOf(String credentialId) throws SQLException {
        List<Map<String, String>> out = new ArrayList<>();
        try (Connection c = env.jdbc(); PreparedStatement s = c.prepareStatement(
                "select meta_data from domain_event_entry where aggregate_identifier = ? order by sequence_number")) {
            s.setString(1, credentialId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    JsonNode json = Api.JSON.readTree(rs.getBytes(1));
                    Map<String, String> metadata = new LinkedHashMap<>();
                    json.properties().forEach(entry -> metadata.put(entry.getKey(), entry.getValue().asString()));
                    out.add(metadata);
                }
            }
        }
        return out;
    }
}
