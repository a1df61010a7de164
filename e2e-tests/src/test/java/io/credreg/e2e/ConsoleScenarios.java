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
    @Order(7)
    void anAdminIssuesATokenSeesItOnceAndRevokesIt() {
        signInAs(api.adminToken());
        browser.go("/console/#/tokens");
        String name = "console-token-" + Ids.random(8);
        browser.type("#token-name", name);
        browser.click("#issue-form button[type=submit]");
        String value = browser.text("#token-value");
        assertThat(value).startsWith("crt_");
        capture("token-issued");
        String row = "#tokens-table tr[data-name='" + name + "']";
        browser.waitFor(row);
        browser.click(row + " button[data-revoke]");
        eventually("revoked", () -> assertThat(browser.waitFor(row).findElements(By.cssSelector("button"))).isEmpty());
        api.command("GET", "/api/tokens").token(value).send().expect(401);
        capture("tokens");
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
        capture("as-of");
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

    @Test
    @Order(10)
    void noPageHasASeriousOrCriticalAccessibilityViolation() {
        assertThat(accessibility).isEmpty();
    }
}
