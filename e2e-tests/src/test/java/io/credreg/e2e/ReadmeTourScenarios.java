package io.credreg.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.opentest4j.TestAbortedException;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.BashSession;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.Environments;
import io.credreg.e2e.support.ReadmeTour;
import io.credreg.e2e.support.RegistryEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * The README's curl tour, run as written: its marked {@code bash} blocks, in order, in one bash session (so the
 * variables of one step serve the next), against a fresh registry of its own, with only the environment variables
 * the README names ({@code COMMAND_PORT}, {@code QUERY_PORT}, {@code REGISTRY_ADMIN_TOKEN}). Each block must exit
 * with 0 and print what the README says it prints, so the tour cannot drift from the product.
 * <p>
 * Before each block the test waits until the query side has caught up, as a reader does by reading the text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReadmeTourScenarios {

    private static final Pattern UUID = Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READ_SETTLE = Duration.ofSeconds(5);
    /** curl options that send a method other than GET or a body: a block holding one changes something. */
    private static final Pattern WRITES = Pattern.compile("(^|\\s)(-X|--request|-d|--data[a-z-]*|--json|-F|--form|-T)(\\s|=)");

    private RegistryEnvironment registry;
    private TestAbortedException skipped;
    private static final Pattern CORRELATION = Pattern.compile("\"correlationId\":\"(" + UUID.pattern() + ")\"");
    /** The correlation id the registry gave the tour's deletion, as the history shows it. */
    private String correlation;
    /** The credential the tour registers, as its third block prints it. */
    private String id;

    /** The database this class runs the registry on. */
    protected abstract Database database();

    @BeforeAll
    void startFreshRegistry() {
        // a fresh registry of its own: the tour's fixed names (whatsapp-1, alice) must meet an empty one
        Environments.stopCurrent();
        try {
            registry = RegistryEnvironment.start(database());
        } catch (TestAbortedException e) {
            skipped = e;
        }
    }

    @AfterAll
    void stopRegistry() {
        if (registry != null) {
            registry.stop();
        }
    }

    @Test
    @DisplayName("every step of the README's curl tour runs verbatim and prints what the README says")
    void readmeTourRunsAsWritten() throws Exception {
        if (skipped != null) {
            throw new TestAbortedException(skipped.getMessage());
        }
        List<ReadmeTour.Block> blocks = ReadmeTour.blocks(ReadmeTour.readme());
        List<BiConsumer<String, String>> checks = checks();
        assertThat(blocks).as("tour blocks marked in %s (a new block needs its check here)", ReadmeTour.readme())
                .hasSize(checks.size());
        Api api = registry.api();
        Path work = Files.createDirectories(registry.dataDir().resolve("readme-tour"));
        Map<String, String> env = Map.of(
                "COMMAND_PORT", Integer.toString(api.commandBase().getPort()),
                "QUERY_PORT", Integer.toString(api.queryBase().getPort()),
                "REGISTRY_ADMIN_TOKEN", api.adminToken());
        try (BashSession bash = new BashSession(work, env)) {
            for (int i = 0; i < blocks.size(); i++) {
                ReadmeTour.Block block = blocks.get(i);
                awaitQuerySideCaughtUp(registry);
                String what = "tour block " + (i + 1) + " (README.md line " + block.line() + ": "
                        + block.firstLine() + ")";
                runAndCheck(bash, block, what, checks.get(i));
            }
        } catch (AssertionError | RuntimeException e) {
            log("the README tour failed; app logs follow\n" + registry.logTails(60));
            throw e;
        }
    }

    /**
     * Runs a block and checks what it printed. A block that only reads is run again until its check passes or
     * {@link #READ_SETTLE} has passed: the audit log shows an event only once every audit segment has stored its
     * position (up to {@code registry.query.audit.token-store-interval} after the processors report lag 0), which a
     * person typing the next command never notices. A block that changes anything runs exactly once.
     */
    private static void runAndCheck(BashSession bash, ReadmeTour.Block block, String what,
                                    BiConsumer<String, String> check) throws Exception {
        boolean readOnly = !WRITES.matcher(block.script()).find();
        long deadline = System.nanoTime() + READ_SETTLE.toNanos();
        while (true) {
            BashSession.Result result = bash.run(block.script(), BLOCK_TIMEOUT);
            log(what + " printed:\n" + result.output());
            try {
                assertThat(result.exitStatus()).as("exit status of %s; it printed:%n%s", what, result.output())
                        .isZero();
                check.accept(what, result.output());
                return;
            } catch (AssertionError e) {
                if (!readOnly || System.nanoTime() > deadline) {
                    throw e;
                }
                log(what + " reads only: running it again in 200 ms");
                Thread.sleep(200);
            }
        }
    }

    /** What each block must print, in the order of the README; {@code id} is the credential the tour registers. */
    private List<BiConsumer<String, String>> checks() {
        return List.of(
                (what, out) -> assertThat(out).as(what).isBlank(),
                (what, out) -> assertThat(out).as(what).contains("\"name\":\"alice\",\"role\":\"ADMIN\"")
                        .doesNotContain("\"token\""),
                (what, out) -> {
                    Matcher m = UUID.matcher(out.strip());
                    assertThat(m.matches()).as("%s prints the new credential's id, not: %s", what, out).isTrue();
                    id = out.strip();
                },
                (what, out) -> assertThat(out.lines()).as(what).hasSize(2).allSatisfy(line -> assertThat(line)
                        .contains("\"credentialId\":\"" + id + "\"", "\"replacedCredentialId\":null")),
                (what, out) -> assertThat(out).as(what).contains("\"status\":409", "duplicate-secret",
                        "\"existingCredentialId\":\"" + id + "\""),
                (what, out) -> assertThat(out).as(what).contains("\"id\":\"" + id + "\"", "\"secretVersion\":2",
                        "\"secretHint\":\"…0a7b\""),
                (what, out) -> {
                    List<String> lines = out.lines().toList();
                    assertThat(lines).as(what).hasSize(3);
                    assertThat(lines.get(0)).as(what).contains("\"id\":\"" + id + "\"", "\"bindingCount\":2",
                            "\"secretVersion\":2").doesNotContain("sk-demo");
                    assertThat(lines.get(1)).as(what).contains("\"settingKey\":\"openai.default\"",
                            "\"credentialId\":\"" + id + "\"");
                    assertThat(lines.get(2)).as(what).contains("\"instanceId\":\"whatsapp-1\"",
                            "\"instanceId\":\"whatsapp-2\"");
                },
                (what, out) -> assertThat(out.lines()).as(what).containsExactly(
                        "{\"credentialId\":\"" + id + "\",\"secret\":\"sk-demo-rotated-8c2d5e1f0a7b\",\"version\":2}",
                        "403"),
                (what, out) -> {
                    List<String> lines = out.lines().toList();
                    assertThat(lines).as(what).hasSize(3);
                    assertThat(lines.get(0)).as(what).contains("\"credentialId\":\"" + id + "\"",
                            "{\"instanceId\":\"whatsapp-1\",\"settingKey\":\"openai.default\"}",
                            "{\"instanceId\":\"whatsapp-2\",\"settingKey\":\"openai.default\"}");
                    assertThat(lines.subList(1, 3)).as(what).allSatisfy(line -> assertThat(line)
                            .contains("\"status\":410", "credential-deleted"));
                },
                (what, out) -> {
                    assertThat(out.lines()).as(what).hasSize(8);
                    assertThat(out).as(what).contains("\"type\":\"CredentialDeleted\"",
                            "\"reason\":\"CREDENTIAL_DELETED\"",
                            "\"type\":\"SecretResolved\",", "\"actor\":\"whatsapp-1-bot\"");
                    // the registry's correlation id, shared by the deletion and its cascade; never the caller's
                    List<String> deletion = out.lines().filter(line -> line.contains("\"actor\":\"alice\"")
                            && (line.contains("CredentialDeleted") || line.contains("CREDENTIAL_DELETED"))).toList();
                    assertThat(deletion).as(what).hasSize(3);
                    Matcher m = CORRELATION.matcher(deletion.get(0));
                    assertThat(m.find()).as("%s: a generated correlation id", what).isTrue();
                    correlation = m.group(1);
                    assertThat(deletion).as(what).allSatisfy(line -> assertThat(line)
                            .contains("\"correlationId\":\"" + correlation + "\""));
                },
                (what, out) -> {
                    List<String> lines = out.lines().toList();
                    assertThat(lines.subList(0, 3)).as(what).allSatisfy(line -> assertThat(line)
                            .contains("\"correlationId\":\"" + correlation + "\""));
                    assertThat(lines.get(0)).as(what).contains("openai key 'Acme OpenAI' deleted, restorable within its recovery window by alice");
                    JsonNode page = Api.JSON.readTree(lines.get(3));
                    assertThat(page.path("items").size()).as(what).isEqualTo(2);
                    assertThat(page.path("next").isString()).as("%s: a next cursor", what).isTrue();
                    assertThat(lines.get(4)).as(what).startsWith("sequence,type,occurredAt,actor,");
                    assertThat(lines.subList(5, lines.size())).as(what).hasSize(8)
                            .allSatisfy(line -> assertThat(line).contains(id));
                },
                (what, out) -> assertThat(out).as(what).contains("\"status\":401", "unauthenticated"),
                (what, out) -> {
                    List<String> lines = out.lines().toList();
                    assertThat(lines).as(what).hasSize(3);
                    assertThat(lines.get(0)).as("%s: the rotation's instant", what)
                            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
                    assertThat(lines.get(1)).as(what).contains("\"id\":\"" + id + "\"", "\"status\":\"active\"",
                            "\"secretVersion\":2", "\"asOf\"");
                    assertThat(lines.get(2)).as(what).contains("\"settingKey\":\"openai.default\"",
                            "\"credentialId\":\"" + id + "\"");
                });
    }

    /**
     * Every processor of the query side has lag 0, as the admin API reports it (or the store is still empty, when a
     * processor has no position and so no lag yet).
     */
    private static void awaitQuerySideCaughtUp(RegistryEnvironment registry) throws InterruptedException {
        if (registry.eventCount() == 0) {
            return;
        }
        Api api = registry.api();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Api.Response r = api.get("/api/admin/processors");
            if (r.status() == 200 && r.json().size() > 0 && allCaughtUp(r.json())) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the query side did not catch up within 30 s: " + r);
            }
            Thread.sleep(50);
        }
    }

    private static boolean allCaughtUp(JsonNode processors) {
        for (JsonNode p : processors) {
            if (!p.path("lag").isNumber() || p.path("lag").asLong() != 0) {
                return false;
            }
        }
        return true;
    }

    private static void log(String message) {
        System.out.println("[e2e] " + message);
    }
}
