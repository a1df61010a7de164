package io.credreg.e2e;

import io.credreg.e2e.support.Browser;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin console in a real headless Chromium: what an admin and an auditor do every day, a change made elsewhere
 * appearing live, hostile names shown as text, and axe-core finding no serious or critical accessibility problem on
 * any page. Each page's screenshot goes to target/console-screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class ConsoleScenarios extends E2ETestBase {

    private Browser browser;
    private final List<String> accessibility = new ArrayList<>();

    @Override
    protected void onRegistryStarted() {
        browser = Browser.open(env.consoleOrigin());
    }

    @AfterAll
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Until the assertions hold; a page that re-rendered under Selenium's feet is "not yet", too. */
    private static void eventually(String what, Runnable assertions) {
        io.credreg.e2e.support.Eventually.eventually(what, () -> {
            try {
                assertions.run();
            } catch (org.openqa.selenium.WebDriverException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        });
    }

    private String prefix() {
        return database().name().toLowerCase() + "-";
    }

    private void signInAs(String token) {
        browser.go("/console/");
        browser.script("sessionStorage.clear()");
        browser.signIn(token);
    }

    /** Screenshot and axe-core check of the page in view. */
    private void capture(String name) {
        browser.screenshot(prefix() + name);
        browser.seriousAccessibilityViolations().forEach(v -> accessibility.add(name + ": " + v));
    }

    @Test
    @Order(1)
    void theSignInPageRefusesAnInstanceTokenPolitely() {
        String instance = Ids.instance("console-inst");
        String token = api.issueToken("console-instance-" + Ids.random(8), "INSTANCE", instance);
        browser.go("/console/");
        browser.script("sessionStorage.clear()");
        browser.go("/console/");
        browser.waitFor("#signin-form");
        capture("sign-in");

        browser.signIn(token);

        assertThat(browser.text("#signin-error")).contains("instance token");
        assertThat(browser.all("#nav a")).isEmpty();
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(token);

        // the page the browser just ran came with a strict policy: no inline code, scripts only from itself
        String policy = api.query("GET", "/console/").anonymous().send().expect(200)
                .header("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }

    @Test
    @Order(2)
    void anAdminCreatesBindsRotatesAndDeletesWithThePreviewAndSeesTheCascadeInTheHistory() {
        signInAs(api.adminToken());
        browser.waitFor("#who-role");
        assertThat(browser.text("#who-role")).isEqualTo("ADMIN");
        String name = Ids.name("Console key");
        String secret = Ids.secret();

        browser.click("#new-credential");
        browser.type("#create-form input[name=name]", name);
        browser.type("#create-form input[name=secret]", secret);
        capture("create");
        browser.click("#create-form button[type=submit]");
        browser.waitForText("#credential-name", name);
        String id = browser.driver().getCurrentUrl().replaceAll(".*#/credentials/", "");

        // the same key again: the console offers the existing credential instead
        browser.go("/console/#/credentials");
        browser.click("#new-credential");
        browser.type("#create-form input[name=name]", name + " again");
        browser.type("#create-form input[name=secret]", secret);
        browser.click("#create-form button[type=submit]");
        assertThat(browser.text("#duplicate-hint")).contains("already registered");
        capture("duplicate-hint");
        browser.click("#bind-existing");
        browser.waitForText("#credential-name", name);

        String first = Ids.instance("console-a");
        String second = Ids.instance("console-b");
        for (String instance : List.of(first, second)) {
            browser.type("#bind-instance", instance);
            browser.click("#bind-form button[type=submit]");
            browser.waitForText("#bindings-table", instance);
        }

        browser.type("#rotate-secret", Ids.secret());
        browser.click("#rotate-form button[type=submit]");
        browser.waitForText("#flash", "Rotated to version 2");
        eventually("the history shows the rotation", () -> {
            browser.waitForText("#history", "Secret rotated to version 2");
        });
        capture("credential-detail");

        browser.click("#delete-credential");
        List<String> impact = browser.waitFor("#impact-list").findElements(By.tagName("li")).stream()
                .map(WebElement::getText).toList();
        assertThat(impact).containsExactlyInAnyOrder(first + " · openai.default", second + " · openai.default");
        assertThat(browser.waitFor("#delete-confirmed").isEnabled()).isFalse();
        assertThat(browser.text("#impact-window")).contains("restorable for 7 day(s)");
        browser.type("#delete-confirm", name);
        capture("delete-preview");
        browser.click("#delete-confirmed");
        assertThat(browser.text("#cascade-result")).contains("unbound 2 setting(s)").contains(first).contains(second);
        capture("delete-done");

        browser.go("/console/#/credentials/" + id);
        eventually("the history groups the deletion with its unbinds", () -> {
            browser.driver().navigate().refresh();
            WebElement deletion = browser.waitFor("#history li.deletion");
            assertThat(deletion.getText()).contains("Deleted").contains("unbound " + first).contains("unbound " + second);
        });
        assertThat(browser.all("#write-actions")).isEmpty();
        capture("history");
    }

    /** Decision 0200: a credential deleted with a recovery window offers a restore on its page. */
    @Test
    @Order(2)
    void aDeletedCredentialIsRestoredFromItsPageWithItsFreeSettings() {
        String name = Ids.name("Restorable");
        String id = createCredential(OPENAI, name, Ids.secret());
        String instance = Ids.instance("console-restore");
        bind(instance, "openai.default", id);
        api.command("DELETE", "/api/credentials/" + id + "?recoveryWindowDays=3").as("alice").send().expect(200);
        signInAs(api.adminToken());

        browser.go("/console/#/credentials/" + id);
        eventually("the page offers the restore", () -> {
            browser.driver().navigate().refresh();
            browser.waitFor("#restore-credential");
        });
        assertThat(browser.text("#credential-status")).contains("deleted");
        assertThat(browser.text("#credential-restorable-until")).isNotBlank();
        assertThat(browser.all("#write-actions")).isEmpty();
        capture("restore-offer");

        browser.click("#restore-credential");
        browser.waitForText("#restore-result", "Restored");
        assertThat(browser.text("#restore-result")).contains(instance + " · openai.default");
        capture("restore-done");
        eventually("the restored credential is active and bound again", () -> {
            browser.driver().navigate().refresh();
            assertThat(browser.text("#credential-status")).contains("active");
            assertThat(browser.text("#bindings-table")).contains(instance);
            assertThat(browser.text("#history")).contains("Restored (secret version 1)");
            browser.waitFor("#write-actions");
        });
        assertThat(browser.all("#restore-panel")).isEmpty();
        capture("restored");
    }

    @Test
    @Order(3)
    void theCredentialListSearchesFiltersSortsAndPagesOnTheServer() {
        String tag = Ids.random(8);
        for (int i = 0; i < 3; i++) {
            createCredential(DIFY, "list-" + tag + "-" + i, "app-" + Ids.secret());
        }
        signInAs(api.adminToken());
        browser.waitFor("#credentials-table");
        browser.type("input[name=name][type=search]", tag);
        eventually("the search narrows the list to the three", () -> assertThat(
                browser.texts("#credentials-table tbody tr")).hasSize(3));
        browser.click("#credentials-table th:nth-child(1) button");
        eventually("sorted by name ascending", () -> assertThat(browser.texts(".credential-link"))
                .containsExactly("list-" + tag + "-0", "list-" + tag + "-1", "list-" + tag + "-2"));
        browser.click("#credentials-table th:nth-child(1) button");
        eventually("sorted by name descending", () -> assertThat(browser.texts(".credential-link"))
                .containsExactly("list-" + tag + "-2", "list-" + tag + "-1", "list-" + tag + "-0"));
        capture("credentials");
    }

    @Test
    @Order(3)
    void theCredentialListFiltersByProviderAndStatusOnTheServer() {
        String tag = Ids.random(8);
        String difyKept = createCredential(DIFY, "filter-" + tag + "-dify-kept", "app-" + Ids.secret());
        String difyDeleted = createCredential(DIFY, "filter-" + tag + "-dify-deleted", "app-" + Ids.secret());
        createCredential(OPENAI, "filter-" + tag + "-openai", Ids.secret());
        api.command("DELETE", "/api/credentials/" + difyDeleted).as("alice").send().expect(200);
        eventually("the deletion reached the query side", () -> assertThat(api.query("GET", "/api/credentials?name="
                + tag + "&status=deleted").send().expect(200).json()).hasSize(1));
        signInAs(api.adminToken());
        browser.waitFor("#credentials-table");
        browser.type("input[name=name][type=search]", tag);
        eventually("the search finds all three", () -> assertThat(browser.texts(".credential-link")).hasSize(3));

        new org.openqa.selenium.support.ui.Select(browser.waitFor("select[name=provider]")).selectByValue(DIFY);
        eventually("only the dify keys", () -> assertThat(browser.texts(".credential-link"))
                .containsExactlyInAnyOrder("filter-" + tag + "-dify-kept", "filter-" + tag + "-dify-deleted"));
        new org.openqa.selenium.support.ui.Select(browser.waitFor("select[name=status]")).selectByValue("deleted");
        eventually("only the deleted dify key", () -> assertThat(browser.texts(".credential-link"))
                .containsExactly("filter-" + tag + "-dify-deleted"));
        assertThat(browser.text("#credentials-table tbody tr .badge")).isEqualTo("deleted");
        capture("credentials-filtered");
        new org.openqa.selenium.support.ui.Select(browser.waitFor("select[name=status]")).selectByValue("active");
        eventually("only the active dify key", () -> assertThat(browser.texts("#credentials-table tbody tr"))
                .singleElement().asString().contains("filter-" + tag + "-dify-kept"));
        new org.openqa.selenium.support.ui.Select(browser.waitFor("select[name=provider]")).selectByValue("n8n");
        eventually("nothing matches", () -> assertThat(browser.text("#credential-results"))
                .isEqualTo("No credential matches these filters."));
        assertThat(browser.all("#credentials-table tr[data-id='" + difyKept + "']")).isEmpty();
    }

    @Test
    @Order(4)
    void aChangeMadeThroughTheApiAppearsLiveInAnOpenPage() {
        signInAs(api.adminToken());
        browser.waitFor("#credentials-table, #credential-results .state");
        browser.waitForText("#live", "Live");
        String name = Ids.name("Live key");

        long before = System.nanoTime();
        createCredential(OPENAI, name, Ids.secret());

        browser.waitForText("#credential-results", name);
        Duration took = Duration.ofNanos(System.nanoTime() - before);
        assertThat(took).as("from the API call to the open page").isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Order(5)
    void hostileNamesRenderAsText() {
        String hostile = "<img src=x id=pwned onerror=alert(1)> " + Ids.random(6);
        String id = createCredential(OPENAI, hostile, Ids.secret());
        String instance = "inst-" + Ids.random(6);
        bind(instance, "openai.default", id);
        signInAs(api.adminToken());
        browser.go("/console/#/credentials/" + id);
        browser.waitForText("#credential-name", hostile);
        eventually("bound", () -> {
            browser.driver().navigate().refresh();
            browser.waitForText("#bindings-table", instance);
        });
        assertThat(browser.all("#pwned")).isEmpty();
        browser.go("/console/#/instances/" + instance);
        browser.waitForText("#settings-table", hostile);
        assertThat(browser.all("#pwned")).isEmpty();
        capture("instance");
    }

    @Test
    @Order(6)
    void theAuditLogFiltersAndExports() throws IOException {
        String id = createCredential(OPENAI, Ids.name("Audit key"), Ids.secret());
        signInAs(api.adminToken());
        browser.go("/console/#/audit");
        browser.waitForText("#chain-status", "Audit chain verified");
        browser.type("#audit-form input[name=credentialId]", id);
        eventually("the audit log has the creation", () -> {
            browser.click("#audit-form button[type=submit]");
            assertThat(browser.all("#audit-table tbody tr")).hasSize(1);
            assertThat(browser.text("#audit-table tbody tr")).contains("CredentialCreated");
        });
        capture("audit");

        Path csv = Browser.DOWNLOADS.resolve("audit.csv");
        Files.deleteIfExists(csv);
        browser.click("#export-csv");
        eventually("the CSV was downloaded", () -> {
            assertThat(csv).exists();
            try {
                assertThat(Files.readString(csv)).startsWith("sequence,type").contains(id).contains("CredentialCreated");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        Path ndjson = Browser.DOWNLOADS.resolve("audit.ndjson");
        Files.deleteIfExists(ndjson);
        browser.click("#export-ndjson");
        eventually("the NDJSON was downloaded", () -> {
            assertThat(ndjson).exists();
            try (Stream<String> lines = Files.lines(ndjson)) {
                assertThat(lines.filter(line -> line.contains(id)).count()).isEqualTo(1);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    @Order(6)
    void theAuditLogsFromAndToKeepOnlyTheEntriesInTheirRange() throws InterruptedException {
        // three events of one credential, more than a second apart (the fields take whole seconds)
        String id = createCredential(OPENAI, Ids.name("Audit range"), Ids.secret());
        Thread.sleep(1_500);
        api.command("PATCH", "/api/credentials/" + id).as("alice").json("name", Ids.name("Audit range renamed"))
                .send().expect(200);
        Thread.sleep(1_500);
        api.command("PUT", "/api/credentials/" + id + "/secret").as("alice").json("secret", Ids.secret())
                .send().expect(200);
        List<String> types = List.of("CredentialCreated", "CredentialRenamed", "CredentialSecretRotated");
        List<java.time.Instant> at = new ArrayList<>();
        eventually("the three entries are in the audit log", () -> {
            at.clear();
            tools.jackson.databind.JsonNode items = api.query("GET", "/api/audit?credentialId=" + id).send().expect(200)
                    .json().get("items");
            assertThat(items).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(items.get(i).get("type").asString()).isEqualTo(types.get(i));
                at.add(java.time.Instant.parse(items.get(i).get("occurredAt").asString()));
            }
        });
        java.time.Instant renamedFrom = at.get(1).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        java.time.Instant renamedTo = renamedFrom.plusSeconds(1);
        assertThat(at.get(0)).as("created before the range").isBefore(renamedFrom);
        assertThat(at.get(2)).as("rotated after the range").isAfterOrEqualTo(renamedTo);

        signInAs(api.adminToken());
        browser.go("/console/#/audit");
        browser.type("#audit-form input[name=credentialId]", id);
        browser.click("#audit-form button[type=submit]");
        eventually("all three without a time range", () -> assertThat(
                browser.texts("#audit-table tbody tr td:nth-child(3)")).containsExactlyElementsOf(types));

        setLocalTime("#audit-form input[name=from]", renamedFrom);
        browser.click("#audit-form button[type=submit]");
        eventually("from the rename on: the creation is gone", () -> assertThat(
                browser.texts("#audit-table tbody tr td:nth-child(3)")).containsExactly(types.get(1), types.get(2)));

        setLocalTime("#audit-form input[name=to]", renamedTo);
        browser.click("#audit-form button[type=submit]");
        eventually("from and to around the rename: only the rename stays", () -> assertThat(
                browser.texts("#audit-table tbody tr td:nth-child(3)")).containsExactly(types.get(1)));
        capture("audit-time-range");

        browser.script("document.querySelector(arguments[0]).value = ''", "#audit-form input[name=from]");
        browser.click("#audit-form button[type=submit]");
        eventually("up to the rename: the rotation is gone", () -> assertThat(
                browser.texts("#audit-table tbody tr td:nth-child(3)")).containsExactly(types.get(0), types.get(1)));

        // the API asked with the same bounds answers the same single entry
        assertThat(api.query("GET", "/api/audit?credentialId=" + id + "&from=" + renamedFrom + "&to=" + renamedTo)
                .send().expect(200).json().get("items")).singleElement()
                .satisfies(item -> assertThat(item.get("type").asString()).isEqualTo(types.get(1)));
    }

    /** Puts an instant into a datetime-local field as the browser's own clock shows it, as a user picks it. */
    private void setLocalTime(String css, java.time.Instant instant) {
        browser.waitFor(css);
        browser.script("""
                const input = document.querySelector(arguments[0]);
                const at = new Date(arguments[1]);
                const pad = n => String(n).padStart(2, '0');
                input.value = at.getFullYear() + '-' + pad(at.getMonth() + 1) + '-' + pad(at.getDate()) + 'T'
                    + pad(at.getHours()) + ':' + pad(at.getMinutes()) + ':' + pad(at.getSeconds());
                input.dispatchEvent(new Event('input', {bubbles: true}));
                input.dispatchEvent(new Event('change', {bubbles: true}));
                """, css, instant.toString());
    }

    @Test
    @Order(7)
    void anAdminIssuesATokenSeesItOnceReplacesItAndRevokesIt() {
        signInAs(api.adminToken());
        browser.go("/console/#/tokens");
        String name = "console-token-" + Ids.random(8);
        browser.type("#token-name", name);
        browser.click("#issue-form button[type=submit]");
        String value = browser.text("#token-value");
        assertThat(value).startsWith("crt_");
        capture("token-issued");
        String oldId = api.tokenId(name);
        String oldRow = "#tokens-table tr[data-id='" + oldId + "']";
        browser.waitFor(oldRow);
        assertThat(browser.text(oldRow + " .badge")).isEqualTo("active");

        // replaced: a new value shown once, the old token still works during its grace period
        browser.click(oldRow + " button[data-replace]");
        browser.acceptConfirmation();
        eventually("the replacement is shown", () -> assertThat(browser.text("#token-value")).isNotEqualTo(value));
        String successor = browser.text("#token-value");
        api.rememberToken(successor);
        assertThat(successor).startsWith("crt_");
        api.command("GET", "/api/tokens").token(successor).send().expect(200);
        api.command("GET", "/api/tokens").token(value).send().expect(200);
        eventually("the old row shows the replacement and offers no second one",
                () -> assertThat(browser.waitFor(oldRow).findElements(By.cssSelector("button[data-replace]"))).isEmpty());
        capture("token-replaced");

        // revoked: the old token stops at once
        browser.click(oldRow + " button[data-revoke]");
        eventually("revoked", () -> assertThat(browser.waitFor(oldRow).findElements(By.cssSelector("button"))).isEmpty());
        assertThat(browser.text(oldRow + " .badge")).isEqualTo("revoked");
        api.command("GET", "/api/tokens").token(value).send().expect(401);
        api.command("GET", "/api/tokens").token(successor).send().expect(200);
        capture("tokens");
    }

    @Test
    @Order(7)
    void theCopyButtonPutsTheNewTokenOnTheClipboardAndNeverInTheUrl() {
        // headless Chromium asks nobody: the permission is granted for the console's origin through DevTools
        String origin = env.consoleOrigin().replaceAll("/+$", "");
        ((org.openqa.selenium.chrome.ChromeDriver) browser.driver()).executeCdpCommand("Browser.grantPermissions",
                java.util.Map.of("permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite"),
                        "origin", origin));
        signInAs(api.adminToken());
        browser.go("/console/#/tokens");
        browser.waitFor("#tokens-table");
        // something else on the clipboard first: the value read afterwards can only come from the button
        assertThat(readClipboard(browser, "before")).isEqualTo("before");

        String name = "console-copy-" + Ids.random(8);
        browser.type("#token-name", name);
        browser.click("#issue-form button[type=submit]");
        String value = browser.text("#token-value");
        api.rememberToken(value);
        assertThat(value).startsWith("crt_");
        browser.click("#copy-token");
        browser.waitForText("#issued [role=status]", "Copied.");

        assertThat(readClipboard(browser, null)).isEqualTo(value);
        assertThat(browser.driver().getCurrentUrl()).doesNotContain(value);
        assertThat(browser.script("return history.length + ' ' + location.href")).asString().doesNotContain(value);
        api.command("GET", "/api/tokens").token(value).send().expect(200);
        capture("token-copied");
    }

    /** What the page's clipboard holds, after writing {@code first} to it when given (the page must have focus). */
    private static String readClipboard(Browser browser, String first) {
        return (String) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const first = arguments[0];
                window.focus();
                (first === null ? Promise.resolve() : navigator.clipboard.writeText(first))
                    .then(() => navigator.clipboard.readText())
                    .then(done, error => done('clipboard failed: ' + error));
                """, first);
    }

    @Test
    @Order(8)
    void timeTravelShowsTheCredentialAsItWas() throws InterruptedException {
        String before = Ids.name("Before");
        String id = createCredential(OPENAI, before, Ids.secret());
        eventually("created on the query side", () -> api.query("GET", "/api/credentials/" + id).send().expect(200));
        Thread.sleep(1500);
        java.time.Instant between = java.time.Instant.now();
        Thread.sleep(1500);
        api.command("PATCH", "/api/credentials/" + id).as("alice").json("name", before + " renamed").send().expect(200);
        signInAs(api.adminToken());
        browser.go("/console/#/credentials/" + id);
        eventually("the rename reached the page", () -> {
            browser.driver().navigate().refresh();
            browser.waitForText("#credential-name", "renamed");
        });

        // the browser's datetime-local field takes local time, as a user would type it
        browser.script("""
                const d = new Date(arguments[0]); const p = n => String(n).padStart(2, '0');
                document.querySelector('#asof-form input[name=at]').value = d.getFullYear() + '-' + p(d.getMonth() + 1)
                    + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
                """, between.toString());
        browser.click("#asof-form button[type=submit]");

        eventually("the page shows the credential as it was", () ->
                assertThat(browser.text("#credential-name")).isEqualTo(before));
        assertThat(browser.text("main")).contains("Showing this credential as it was at");
        assertThat(browser.all("#write-actions")).as("no change is offered on the past").isEmpty();
        capture("as-of");
    }

    @Test
    @Order(8)
    void anAdminRenamesOnTheDetailPageAndTheHistorySaysSo() {
        String before = Ids.name("Rename me");
        String id = createCredential(OPENAI, before, Ids.secret());
        signInAs(api.adminToken());
        browser.go("/console/#/credentials/" + id);
        browser.waitForText("#credential-name", before);

        // the API's rule first: a blank name is refused next to the field
        browser.type("#rename-name", " ");
        browser.click("#rename-form button[type=submit]");
        eventually("the blank name is refused next to the field", () ->
                assertThat(browser.fieldError("#rename-name")).isEqualTo("Must not be blank."));

        String after = before + " renamed";
        browser.type("#rename-name", after);
        browser.click("#rename-form button[type=submit]");
        browser.waitForText("#flash", "Renamed to " + after);
        browser.waitForText("#credential-name", after);
        eventually("the history shows the rename", () -> browser.waitForText("#history", "Renamed"));
        assertThat(api.query("GET", "/api/credentials/" + id).send().expect(200).text("name")).isEqualTo(after);
        capture("renamed");
    }

    @Test
    @Order(8)
    void theDetailShowsThePendingVersionAndWhichVersionEachBindingLastResolved() {
        // not in the leak ledger: the resolutions below carry the secrets
        String id = createCredential(OPENAI, Ids.name("Staged in console"), "sk-console-staged-" + Ids.random(24));
        String moved = Ids.instance("console-moved");
        String behind = Ids.instance("console-behind");
        bind(moved, "openai.default", id);
        bind(behind, "openai.default", id);
        String movedBot = api.issueToken("console-moved-" + Ids.random(6), "INSTANCE", moved);
        String behindBot = api.issueToken("console-behind-" + Ids.random(6), "INSTANCE", behind);
        api.command("PUT", "/api/credentials/" + id + "/secret").as("alice")
                .json("secret", "sk-console-staged-" + Ids.random(24), "stage", "pending").send().expect(200);
        api.command("GET", "/api/instances/" + behind + "/settings/openai.default/secret").token(behindBot).send()
                .expect(200);
        api.command("GET", "/api/instances/" + moved + "/settings/openai.default/secret?version=pending")
                .token(movedBot).send().expect(200);

        signInAs(api.adminToken());
        browser.go("/console/#/credentials/" + id);
        eventually("the pending version and each binding's last resolved version show", () -> {
            // the same address again is no navigation: reload, in case the first load came before the query side
            browser.driver().navigate().refresh();
            assertThat(browser.waitFor("#credential-pending").getText()).contains("version 2");
            List<String> rows = browser.waitFor("#bindings-table").findElements(By.cssSelector("tbody tr")).stream()
                    .map(WebElement::getText).toList();
            assertThat(rows).anySatisfy(row -> assertThat(row).contains(moved).contains("version 2"));
            assertThat(rows).anySatisfy(row -> assertThat(row).contains(behind).contains("version 1"));
            assertThat(browser.text("#history")).contains("Secret version 2 staged as pending");
        });
        capture("staged-rotation");
    }

    @Test
    @Order(8)
    void processorsShowTheirPositionAndLag() {
        signInAs(api.adminToken());
        browser.go("/console/#/processors");
        browser.waitForText("#processors-table", "credentials");
        capture("processors");
    }

    @Test
    @Order(9)
    void anAuditorSeesNoWriteAction() {
        String id = createCredential(OPENAI, Ids.name("Auditor view"), Ids.secret());
        signInAs(api.issueToken("console-auditor-" + Ids.random(8), "AUDITOR", null));
        browser.waitFor("#who-role");
        assertThat(browser.text("#who-role")).isEqualTo("AUDITOR");
        browser.waitFor("#credentials-table");
        assertThat(browser.all("#new-credential")).isEmpty();
        assertThat(browser.all("#nav a")).extracting(WebElement::getText).doesNotContain("Processors");
        browser.go("/console/#/credentials/" + id);
        browser.waitFor("#credential-name");
        assertThat(browser.all("#write-actions")).isEmpty();
        capture("auditor-detail");
        browser.go("/console/#/tokens");
        browser.waitFor("#tokens-table");
        assertThat(browser.all("#issue-form")).isEmpty();
        assertThat(browser.all("button[data-revoke]")).isEmpty();
    }

    /**
     * The page's fetch, wrapped to record what each change sent, to lose the answer to the first rotation on the way
     * back (the request reached the registry; the browser saw a network error), and to send the rename with the version
     * a page loaded before the rotation would hold.
     */
    private static final String WRAP_FETCH = """
            const staleVersion = arguments[0];
            window.sentChanges = [];
            let loseNextRotationAnswer = true;
            const realFetch = window.fetch;
            window.fetch = async (url, init) => {
                const method = init && init.method || 'GET';
                if (method !== 'GET') {
                    if (method === 'PATCH') init.headers['If-Match'] = staleVersion;
                    window.sentChanges.push({method, url: String(url), headers: {...init.headers}});
                }
                const response = await realFetch(url, init);
                if (method === 'PUT' && loseNextRotationAnswer) {
                    loseNextRotationAnswer = false;
                    throw new TypeError('Failed to fetch');
                }
                return response;
            };
            """;

    @Test
    @Order(10)
    void changesCarryTheVersionTheAdminSawAndALostAnswerIsRetriedOnce() {
        String id = createCredential(OPENAI, Ids.name("Versioned"), Ids.secret());
        String created = eventuallyETag(id);
        signInAs(api.adminToken());
        browser.go("/console/#/credentials/" + id);
        browser.waitFor("#rotate-secret");
        browser.script(WRAP_FETCH, created);

        browser.type("#rotate-secret", Ids.secret());
        browser.click("#rotate-form button[type=submit]");
        browser.waitForText("#flash", "Rotated to version 2");
        @SuppressWarnings("unchecked")
        List<java.util.Map<String, Object>> sent = (List<java.util.Map<String, Object>>) browser.script(
                "return window.sentChanges");
        assertThat(sent).as("the lost answer was asked for again").hasSize(2);
        java.util.Map<?, ?> first = (java.util.Map<?, ?>) sent.get(0).get("headers");
        java.util.Map<?, ?> again = (java.util.Map<?, ?>) sent.get(1).get("headers");
        assertThat(first.get("If-Match")).as("the version the page showed").isEqualTo(created);
        assertThat((String) first.get("Idempotency-Key")).startsWith("console-").hasSize(40);
        assertThat(again.get("Idempotency-Key")).as("the same key: done at most once")
                .isEqualTo(first.get("Idempotency-Key"));
        eventually("one rotation in the history, not two", () -> assertThat(
                api.query("GET", "/api/credentials/" + id).send().expect(200).json().get("secretVersion").asInt())
                .isEqualTo(2));
        // the history is another processor, which may lag behind the detail's: wait for it, then count
        eventually("one rotation in the history, not two", () -> assertThat(
                api.query("GET", "/api/credentials/" + id + "/history").send().expect(200).body())
                .containsOnlyOnce("CredentialSecretRotated"));

        // a rename sent with the version the page held before the rotation is refused and changes nothing
        browser.type("#rename-name", "Stale rename");
        browser.click("#rename-form button[type=submit]");
        eventually("the refusal says the credential changed", () -> assertThat(
                browser.text("#rename-form .form-error")).contains("changed since the page showed it"));
        capture("stale-version");
        assertThat(api.query("GET", "/api/credentials/" + id).send().expect(200).text("name"))
                .isNotEqualTo("Stale rename");
    }

    private String eventuallyETag(String id) {
        String[] tag = new String[1];
        eventually("the credential reached the query side", () -> tag[0] = api.query("GET", "/api/credentials/" + id)
                .send().expect(200).header("ETag").orElseThrow());
        return tag[0];
    }

    @Test
    @Order(11)
    void theInstancePageBindsReplacesChecksTheProviderUnbindsAndRemoves() {
        String first = createCredential(OPENAI, Ids.name("Instance first"), Ids.secret());
        String second = createCredential(OPENAI, Ids.name("Instance second"), Ids.secret());
        String difyKey = createCredential(DIFY, Ids.name("Instance dify"), "app-" + Ids.secret());
        for (String id : List.of(first, second, difyKey)) {
            eventually("on the query side", () -> api.query("GET", "/api/credentials/" + id).send().expect(200));
        }
        String instance = Ids.instance("console-i");
        signInAs(api.adminToken());
        browser.go("/console/#/instances/" + instance);
        browser.waitForText("#instance-settings", "No setting of this instance is bound");

        bindOnInstancePage("openai.default", first);
        browser.waitForText("#flash", "Bound openai.default to " + first);
        eventually("the setting shows the first credential", () -> assertThat(
                browser.text("#settings-table tr[data-setting='openai.default']")).contains("Instance first"));

        bindOnInstancePage("openai.default", second);
        browser.waitForText("#flash", "Replaced openai.default");
        assertThat(browser.text("#flash")).contains(second).contains(first);
        eventually("the setting shows the second credential", () -> assertThat(
                browser.text("#settings-table tr[data-setting='openai.default']")).contains("Instance second"));

        // a dify key cannot fill an openai setting: the API's answer appears under the credential field
        bindOnInstancePage("openai.default", difyKey);
        eventually("the provider mismatch is shown next to the credential id", () -> assertThat(
                browser.fieldError("#instance-credential")).contains("openai"));
        assertThat(browser.waitFor("#instance-credential").getAttribute("aria-invalid")).isEqualTo("true");
        capture("instance-provider-mismatch");

        bindOnInstancePage("openai.bot.b1", first);
        eventually("two settings", () -> assertThat(browser.all("#settings-table tbody tr")).hasSize(2));
        browser.click("#settings-table button[data-unbind='openai.bot.b1']");
        browser.waitForText("#flash", "Unbound openai.bot.b1");
        eventually("the unbound setting is gone", () -> assertThat(browser.all("#settings-table tbody tr")).hasSize(1));

        browser.click("#remove-instance");
        browser.acceptConfirmation();
        browser.waitForText("#remove-result", "unbound 1 setting(s) (openai.default)");
        eventually("the instance has no setting left", () ->
                browser.waitForText("#instance-settings", "No setting of this instance is bound"));
        assertThat(api.query("GET", "/api/instances/" + instance + "/settings").send().expect(200).json()).isEmpty();
        capture("instance-removed");
    }

    private void bindOnInstancePage(String settingKey, String credentialId) {
        browser.type("#instance-setting", settingKey);
        browser.type("#instance-credential", credentialId);
        browser.click("#instance-bind-form button[type=submit]");
    }

    /** A paced replay over at least this many events commits several batches per segment while the page polls. */
    private static final int REPLAY_STORE_SIZE = 1500;
    /** ...and lasts about this long, whatever the size of the store the earlier test classes left. */
    private static final int REPLAY_SECONDS = 6;

    @Test
    @Order(12)
    void aPacedReplayShowsItsProgressClimbLiveAndEndsCaughtUp() throws Exception {
        String processor = "credential-history";
        long head = fillTheStoreTo(REPLAY_STORE_SIZE);
        long pace = Math.max(100, head / REPLAY_SECONDS);
        signInAs(api.adminToken());
        browser.go("/console/#/processors");
        String row = "#processors-table tr[data-name='" + processor + "']";
        browser.waitFor(row + " button[data-replay]");
        // every progress the page shows, as it shows it
        browser.script("""
                window.replaySeen = [];
                new MutationObserver(() => {
                    const cell = document.querySelector(arguments[0] + ' .replay-progress');
                    if (cell) window.replaySeen.push(cell.textContent);
                }).observe(document.getElementById('processor-list'), {childList: true, subtree: true});
                """, row);

        browser.type("#replay-pace", Long.toString(pace));
        long started = System.nanoTime();
        browser.click(row + " button[data-replay]");
        browser.acceptConfirmation();
        browser.waitForText("#flash", "Replay of " + processor + " started");

        // the page itself shows the replay part-way: more than 0 %, less than 100 %
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), Duration.ofSeconds(60))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> {
                    List<WebElement> cells = d.findElements(By.cssSelector(row + " .replay-progress"));
                    double percent = cells.isEmpty() ? -1 : percent(cells.get(0).getText());
                    return percent > 0 && percent < 100;
                });
        capture("processors-replaying");
        browser.waitFor(row + " .replay-progress progress");

        browser.waitForText("#flash", "Replay of " + processor + " finished", Duration.ofSeconds(90));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        eventually("the replay ran and caught up", () -> {
            assertThat(browser.text(row + " .processor-status")).isEqualTo("running");
            assertThat(browser.text(row + " .processor-lag")).isEqualTo("0");
            assertThat(browser.all(row + " button[data-replay]")).hasSize(1);
        });
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) browser.script("return window.replaySeen");
        List<Double> percents = seen.stream().map(ConsoleScenarios::percent).toList();
        System.out.printf("[console] replay of %s over %d events at %d events/s took %d ms; the page showed %s%n",
                processor, head, pace, took.toMillis(), percents.stream().distinct().toList());
        assertThat(percents).as("the progress the page showed, in order").isNotEmpty()
                .allMatch(p -> p >= 0 && p <= 100).isSortedAccordingTo(Double::compare)
                .anyMatch(p -> p > 0 && p < 100);
        assertThat(took).as("paced to about %d s", REPLAY_SECONDS).isGreaterThan(Duration.ofSeconds(2));
        capture("processors-after-replay");

        // a pace the API would refuse is said next to the field, and nothing replays
        browser.type("#replay-pace", "5");
        browser.click(row + " button[data-replay]");
        assertThat(browser.fieldError("#replay-pace")).isEqualTo("Must be a whole number from 100 to 1000000.");
        assertThat(browser.all(row + " .replay-progress")).isEmpty();
    }

    /** "42.5 %, about 3 s left" -> 42.5 */
    private static double percent(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?) %").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no percentage in '" + text + "'");
        }
        return Double.parseDouble(m.group(1));
    }

    /**
     * Tops the event store up to at least {@code size} events with secret resolutions (one event each, and the
     * cheapest one to make) and answers the store's head as the processors listing reports it.
     */
    private long fillTheStoreTo(long size) throws Exception {
        long head = storeHead();
        if (head < size) {
            String secret = "sk-replay-" + Ids.random(24); // not in the leak ledger: the resolutions carry it
            String credential = api.command("POST", "/api/credentials").as("alice")
                    .json("name", Ids.name("Replay fill"), "provider", OPENAI, "secret", secret).send().expect(201)
                    .text("id");
            String instance = Ids.instance("console-replay");
            bind(instance, "openai.default", credential);
            String bot = api.issueToken("console-replay-" + Ids.random(6), "INSTANCE", instance);
            String path = "/api/instances/" + instance + "/settings/openai.default/secret";
            int missing = (int) (size - head);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> calls = new ArrayList<>();
                for (int i = 0; i < missing; i++) {
                    calls.add(pool.submit(() -> api.command("GET", path).token(bot).send().expect(200)));
                }
                for (java.util.concurrent.Future<?> call : calls) {
                    call.get();
                }
            } finally {
                pool.shutdownNow();
            }
            eventually("the processors have read the whole store", () -> assertThat(storeHead()).isGreaterThanOrEqualTo(size));
            head = storeHead();
        }
        return head;
    }

    /** Position plus lag of the credential-history processor: the highest global index of the store. */
    private long storeHead() {
        for (var p : api.query("GET", "/api/admin/processors").send().expect(200).json()) {
            if (p.get("name").asString().equals("credential-history") && p.get("position").isNumber()) {
                return p.get("position").asLong() + p.get("lag").asLong();
            }
        }
        throw new AssertionError("credential-history has no position");
    }

    @Test
    @Order(13)
    void formsShowEachProblemNextToItsField() {
        String taken = Ids.name("Taken name");
        createCredential(OPENAI, taken, Ids.secret());
        signInAs(api.adminToken());
        browser.waitFor("#credentials-table");
        browser.click("#new-credential");
        browser.click("#create-form button[type=submit]");
        // checked in the browser first, with the API's rules and words
        assertThat(browser.fieldError("#create-form input[name=name]")).isEqualTo("Must not be blank.");
        assertThat(browser.fieldError("#create-form input[name=secret]")).isEqualTo("Must not be blank.");
        assertThat(browser.focusIsOn("#create-form input[name=name]")).isTrue();
        capture("create-validation");

        // the API's own refusal: the name is taken for this provider, said under the name
        browser.type("#create-form input[name=name]", taken);
        browser.type("#create-form input[name=secret]", Ids.secret());
        browser.click("#create-form button[type=submit]");
        eventually("the duplicate name is shown under the name", () -> assertThat(
                browser.fieldError("#create-form input[name=name]")).contains("already exists"));
        assertThat(browser.fieldError("#create-form input[name=secret]")).isEmpty();
        assertThat(browser.waitFor("#create-form input[name=name]").getAttribute("aria-invalid")).isEqualTo("true");

        browser.go("/console/#/tokens");
        browser.type("#token-name", "no spaces allowed");
        browser.script("document.getElementById('token-role').value = 'INSTANCE'");
        browser.click("#issue-form button[type=submit]");
        assertThat(browser.fieldError("#token-name")).startsWith("Must be 1 to 128 of the characters");
        assertThat(browser.fieldError("#token-instance")).isEqualTo("Must not be blank.");
        capture("token-validation");

        // the API refuses a second live token named like one that exists ("alice" made the credential above)
        browser.script("document.getElementById('token-role').value = 'AUDITOR'");
        browser.type("#token-name", "alice");
        browser.click("#issue-form button[type=submit]");
        eventually("the taken name is shown under the name", () ->
                assertThat(browser.fieldError("#token-name")).contains("already exists"));
        assertThat(browser.fieldError("#token-instance")).isEmpty();
        assertThat(browser.all("#token-value")).isEmpty();
    }

    @Test
    @Order(14)
    void everythingAnAdminDoesWorksFromTheKeyboard() {
        browser.go("/console/");
        browser.script("sessionStorage.clear()");
        browser.driver().navigate().refresh();
        browser.waitFor("#signin-form");
        assertThat(browser.focusIsOn("#signin-form input[name=token]")).as("the token field has the focus").isTrue();
        browser.press(api.adminToken(), Keys.ENTER);
        browser.waitFor("#credentials-table");

        // the skip link takes the focus to the content and leaves the page where it is
        String page = browser.driver().getCurrentUrl();
        browser.script("document.querySelector('a.skip').focus()");
        browser.press(Keys.ENTER);
        assertThat(browser.focusIsOn("main")).isTrue();
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(page);
        assertThat(browser.all("#credentials-table")).isNotEmpty();

        // Tab on to "New credential", open the form, fill it in and submit it with Enter
        tabTo("#new-credential");
        browser.press(Keys.ENTER);
        eventually("the name field has the focus", () -> assertThat(browser.focusIsOn("#create-form input[name=name]")).isTrue());
        String name = Ids.name("Keyboard key");
        browser.press(name);
        browser.press(Keys.TAB);
        assertThat(browser.focusIsOn("#create-form select[name=provider]")).isTrue();
        browser.press(Keys.TAB);
        browser.press(Ids.secret(), Keys.ENTER);
        browser.waitForText("#credential-name", name);

        // from the skip link, Tab walks the main navigation; Enter opens a page with the focus in its field
        browser.script("document.querySelector('a.skip').focus()");
        browser.press(Keys.TAB);
        assertThat(browser.focusIsOn("#nav a[href='#/credentials']")).isTrue();
        browser.press(Keys.TAB);
        assertThat(browser.focusIsOn("#nav a[href='#/instances']")).isTrue();
        browser.press(Keys.ENTER);
        eventually("the instance field has the focus", () -> assertThat(browser.focusIsOn("#instance-id")).isTrue());
        String instance = Ids.instance("keyboard");
        browser.press(instance, Keys.ENTER);
        browser.waitForText("main h1", instance);

        // a sort chosen from the keyboard keeps the focus while a live change redraws the table
        browser.go("/console/#/credentials");
        browser.waitFor("#credentials-table");
        tabTo("#credentials-table button[data-key='sort-name']");
        browser.press(Keys.ENTER);
        eventually("sorted by name", () -> assertThat(browser.waitFor("#credentials-table th[aria-sort]")
                .getAttribute("aria-sort")).isEqualTo("ascending"));
        assertThat(browser.focusIsOn("button[data-key='sort-name']")).isTrue();
        String captionBefore = browser.text("#credentials-table caption");
        String live = Ids.name("Arrives live");
        createCredential(OPENAI, live, Ids.secret());
        eventually("the change arrived", () -> assertThat(browser.text("#credentials-table caption"))
                .isNotEqualTo(captionBefore));
        assertThat(browser.focusIsOn("button[data-key='sort-name']")).as("focus after the live redraw").isTrue();
        capture("keyboard");
    }

    private void tabTo(String css) {
        for (int i = 0; i < 40 && !browser.focusIsOn(css); i++) {
            browser.press(Keys.TAB);
        }
        assertThat(browser.focusIsOn(css)).as("Tab reaches " + css).isTrue();
    }

    @Test
    @Order(15)
    void theListPagesOverManyCredentialsOnTheServer() {
        String tag = Ids.random(8);
        for (int i = 0; i < 45; i++) {
            createCredential(DIFY, String.format("page-%s-%02d", tag, i), "app-" + Ids.secret());
        }
        eventually("all 45 on the query side", () -> assertThat(api.query("GET", "/api/credentials?name=" + tag
                + "&size=1").send().expect(200).header("X-Total-Count")).contains("45"));
        signInAs(api.adminToken());
        browser.waitFor("#credentials-table");
        browser.type("input[name=name][type=search]", tag);
        eventually("the first page of three", () -> {
            assertThat(browser.text("#credentials-table caption")).isEqualTo("Credentials 1–20 of 45");
            assertThat(browser.text("#page-status")).isEqualTo("Page 1 of 3");
        });
        browser.click("#credentials-table button[data-key='sort-name']");
        eventually("sorted by name", () -> assertThat(browser.texts(".credential-link").get(0))
                .isEqualTo("page-" + tag + "-00"));
        assertThat(browser.waitFor("#page-previous").isEnabled()).isFalse();

        browser.click("#page-next");
        eventually("the second page", () -> {
            assertThat(browser.text("#credentials-table caption")).isEqualTo("Credentials 21–40 of 45");
            assertThat(browser.texts(".credential-link")).hasSize(20).first().isEqualTo("page-" + tag + "-20");
        });
        browser.click("#page-next");
        eventually("the last page", () -> {
            assertThat(browser.text("#page-status")).isEqualTo("Page 3 of 3");
            assertThat(browser.texts(".credential-link")).containsExactly("page-" + tag + "-40", "page-" + tag + "-41",
                    "page-" + tag + "-42", "page-" + tag + "-43", "page-" + tag + "-44");
        });
        assertThat(browser.waitFor("#page-next").isEnabled()).isFalse();
        capture("credentials-last-page");
        browser.click("#page-previous");
        eventually("back on the second page", () ->
                assertThat(browser.text("#credentials-table caption")).isEqualTo("Credentials 21–40 of 45"));
    }

    @Test
    @Order(16)
    void swaggerUiOpensWithoutATokenAndItsAuthorizeButtonTakesOne() {
        browser.go("/swagger-ui.html");
        browser.waitFor(".swagger-ui .btn.authorize");
        String operation = "[id^='operations-'][id$='-me']";
        browser.click(operation + " .opblock-summary");
        browser.click(operation + " .try-out__btn");
        browser.click(operation + " .execute");
        eventually("refused without a token", () ->
                assertThat(browser.text(operation + " .live-responses-table .response .response-col_status")).startsWith("401"));

        browser.click(".swagger-ui .btn.authorize");
        browser.type(".modal-ux input", api.adminToken());
        browser.click(".modal-ux .auth-btn-wrapper .authorize");
        browser.screenshot(prefix() + "swagger-authorize");
        browser.click(".modal-ux .btn-done");
        browser.waitUntilGone(".modal-ux");

        browser.click(operation + " .execute");
        eventually("answered with the token", () -> {
            assertThat(browser.text(operation + " .live-responses-table .response .response-col_status")).startsWith("200");
            assertThat(browser.text(operation + " .live-responses-table .response .response-col_description")).contains("ADMIN");
        });
        browser.script("document.querySelector(arguments[0]).scrollIntoView({block: 'center'})",
                operation + " .live-responses-table");
        browser.screenshot(prefix() + "swagger-call");
    }

    @Test
    @Order(17)
    void theAuditLogPagesWithItsCursor() {
        for (int i = 0; i < 3; i++) {
            createCredential(OPENAI, Ids.name("Audit page"), Ids.secret());
        }
        eventually("more than one page of alice's creations", () -> assertThat(api.query("GET",
                "/api/audit?actor=alice&type=CredentialCreated&limit=60").send().expect(200).json().get("items"))
                .hasSizeGreaterThan(50));
        signInAs(api.adminToken());
        browser.go("/console/#/audit");
        browser.type("#audit-form input[name=actor]", "alice");
        new org.openqa.selenium.support.ui.Select(browser.waitFor("#audit-form select[name=type]"))
                .selectByValue("CredentialCreated");
        browser.click("#audit-form button[type=submit]");
        eventually("the first page of the filtered log", () -> {
            assertThat(browser.texts("#audit-table tbody tr td:nth-child(3)")).hasSize(50).containsOnly("CredentialCreated");
            assertThat(browser.texts("#audit-table tbody tr td:nth-child(4)")).containsOnly("alice");
        });
        List<String> firstPage = browser.texts("#audit-table tbody tr td:first-child");
        browser.click("#audit-more");
        eventually("the next page appended", () -> assertThat(browser.all("#audit-table tbody tr")).hasSizeGreaterThan(50));
        List<Long> sequences = browser.texts("#audit-table tbody tr td:first-child").stream().map(Long::valueOf).toList();
        assertThat(sequences.subList(0, 50)).map(String::valueOf).containsExactlyElementsOf(firstPage);
        assertThat(sequences).as("each entry once, in the log's order").doesNotHaveDuplicates()
                .isSortedAccordingTo(Long::compare);
        assertThat(browser.texts("#audit-table tbody tr td:nth-child(3)")).containsOnly("CredentialCreated");
        assertThat(browser.texts("#audit-table tbody tr td:nth-child(4)")).containsOnly("alice");
        capture("audit-more");
    }

    @Test
    @Order(18)
    void anOpenPageReconnectsAfterTheQuerySideRestartsAndShowsWhatHappenedMeanwhile() {
        signInAs(api.adminToken());
        browser.waitFor("#credentials-table");
        browser.waitForText("#live", "Live");
        browser.script("window.sameDocument = true");
        String name = Ids.name("While away");

        env.restartQuerySide(() -> {
            eventually("the page says it lost the stream", () -> assertThat(browser.text("#live")).startsWith("Reconnecting"));
            createCredential(OPENAI, name, Ids.secret());
        });

        browser.waitForText("#live", "Live", Duration.ofSeconds(60));
        browser.waitForText("#credential-results", name, Duration.ofSeconds(30));
        assertThat(browser.script("return window.sameDocument === true")).as("updated without a reload").isEqualTo(true);
        capture("reconnected");
    }

    @Test
    @Order(19)
    void theInstancesPageOpensAnInstance() {
        signInAs(api.adminToken());
        browser.go("/console/#/instances");
        browser.waitFor("#instance-id");
        capture("instances");
    }

    @Test
    @Order(20)
    void noPageHasASeriousOrCriticalAccessibilityViolation() {
        assertThat(accessibility).isEmpty();
    }
}
