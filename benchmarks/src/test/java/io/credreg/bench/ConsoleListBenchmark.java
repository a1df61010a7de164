package io.credreg.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Browser;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.RegistryEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A benchmark, not a test: the console's credentials page over many credentials ("10,000 credentials stay fast",
 * issue 15). On the embedded H2 it creates {@code bench.console-credentials} credentials through the API with
 * {@code bench.clients} parallel POSTs (every one an event, so the query side's read model is filled as in use), waits
 * until the query side lists them all, then measures in a real headless Chromium, {@code bench.console-samples} times
 * each: the first page's render after a reload (navigation start until the table's caption shows the page), the next
 * page (click until the caption shows rows 21-40), and a search for one credential by a part of its name (typing until
 * the caption shows the one; this includes the page's 250 ms pause while the user types).
 * <p>
 * The short form (500 credentials) runs in the default build; {@code -Pbenchmark} makes it 10,000, or
 * {@code -Dbench.console-credentials=10000}. Without Chromium it is skipped, unless REGISTRY_E2E_REQUIRE_BROWSER=true.
 */
class ConsoleListBenchmark {

    private static final int CREDENTIALS = Integer.getInteger("bench.console-credentials", 500);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int SAMPLES = Integer.getInteger("bench.console-samples", 5);

    private static RegistryEnvironment registry;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        registry = RegistryEnvironment.start(Database.H2);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.stop();
        }
    }

    @Test
    void theCredentialsPageOverManyCredentials() throws Exception {
        Api api = registry.api();
        String admin = api.adminToken();
        String tag = UUID.randomUUID().toString().substring(0, 8);

        long seedStart = System.nanoTime();
        seed(api.commandBase().resolve("/api/credentials"), admin, tag);
        double seedSeconds = Bench.seconds(seedStart);
        long total = waitUntilListed(api.queryBase().resolve("/api/credentials?size=1"), admin);
        double listedSeconds = Bench.seconds(seedStart);
        Bench.log(String.format(Locale.ROOT, "%,d credentials created in %.1f s (%,.0f/s), all listed after %.1f s",
                CREDENTIALS, seedSeconds, CREDENTIALS / seedSeconds, listedSeconds));

        List<Double> firstPage = new ArrayList<>();
        List<Double> nextPage = new ArrayList<>();
        List<Double> search = new ArrayList<>();
        try (Browser browser = Browser.open(registry.consoleOrigin())) {
            browser.go("/console/");
            browser.script("sessionStorage.clear()");
            browser.signIn(admin);
            browser.waitFor("#who-role");
            browser.go("/console/#/credentials");
            browser.waitFor("#credentials-table");
            String firstCaption = "Credentials 1–20 of " + total;
            for (int i = 0; i < SAMPLES; i++) {
                // a reload: the page's scripts, the session's check and the first page, as a user opening the console
                browser.driver().navigate().refresh();
                firstPage.add(measure(browser, "", firstCaption, true));
                nextPage.add(measure(browser, "document.getElementById('page-next').click();",
                        "Credentials 21–40 of " + total, false));
                String wanted = String.format(Locale.ROOT, "%s-%05d", tag, (i * 7919) % CREDENTIALS);
                search.add(measure(browser, """
                        const input = document.querySelector('input[name=name][type=search]');
                        input.value = '%s';
                        input.dispatchEvent(new Event('input', {bubbles: true}));
                        """.formatted(wanted), "Credentials 1–1 of 1", false));
                if (!browser.texts(".credential-link").equals(List.of("console-bench-" + wanted))) {
                    throw new AssertionError("the search found " + browser.texts(".credential-link"));
                }
            }
            browser.screenshot("console-list-benchmark");
        }
        report(total, seedSeconds, listedSeconds, firstPage, nextPage, search);
    }

    /** Creates the credentials with parallel POSTs; any answer but 201 fails the run. */
    private static void seed(URI uri, String token, String tag) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < CREDENTIALS; i = next.getAndIncrement()) {
                        boolean dify = i % 2 == 1;
                        String body = Api.json("name", String.format(Locale.ROOT, "console-bench-%s-%05d", tag, i),
                                "provider", dify ? "dify" : "openai",
                                "secret", (dify ? "app-" : "sk-") + "bench" + UUID.randomUUID().toString().replace("-", ""));
                        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(60))
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 201) {
                            throw new AssertionError("create " + i + " answered " + answer.statusCode() + ": "
                                    + answer.body());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : clients) {
                client.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long waitUntilListed(URI uri, String token) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (true) {
            HttpResponse<Void> answer = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.discarding());
            long total = answer.headers().firstValue("X-Total-Count").map(Long::parseLong).orElse(-1L);
            if (answer.statusCode() == 200 && total >= CREDENTIALS) {
                return total;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the query side lists " + total + " of " + CREDENTIALS);
            }
            RegistryEnvironment.sleepMillis(200);
        }
    }

    /**
     * Runs {@code action} in the page, then watches the table's caption every few milliseconds until it reads
     * {@code caption} and returns the milliseconds in between. With {@code sinceNavigation}, the time counts from the
     * navigation's start instead (the page's clock begins there), an upper bound: the watch starts once the page loaded.
     */
    private static double measure(Browser browser, String action, String caption, boolean sinceNavigation) {
        Object millis = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const caption = arguments[0];
                const start = arguments[1] ? 0 : performance.now();
                const give = Date.now() + 25000;
                %s
                const watch = () => {
                    const shown = document.querySelector('#credentials-table caption');
                    if (shown && shown.textContent === caption) return done(performance.now() - start);
                    if (Date.now() > give) return done('gave up; the caption reads: ' + (shown && shown.textContent));
                    setTimeout(watch, 2);
                };
                watch();
                """.formatted(action), caption, sinceNavigation);
        if (!(millis instanceof Number number)) {
            throw new AssertionError(String.valueOf(millis));
        }
        return number.doubleValue();
    }

    private static String stats(List<Double> samples) {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "median %.0f ms, max %.0f ms", sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
    }

    private static List<Long> rounded(List<Double> samples) {
        return samples.stream().map(Math::round).toList();
    }

    private static void report(long total, double seedSeconds, double listedSeconds, List<Double> firstPage,
                               List<Double> nextPage, List<Double> search) throws IOException {
        String md = "# The console's credentials page, " + Instant.now() + "\n\n"
                + String.format(Locale.ROOT, "%,d credentials listed (%,d created by %d parallel clients in %.1f s, "
                + "%,.0f/s; all on the query side after %.1f s), embedded H2, one node, headless Chromium, %d samples"
                + "%n%n", total, CREDENTIALS, CLIENTS, seedSeconds, CREDENTIALS / seedSeconds, listedSeconds, SAMPLES)
                + "| what | time |\n|---|---|\n"
                + "| first page after a reload (navigation start to the table) | " + stats(firstPage) + " |\n"
                + "| next page (click to rows 21-40) | " + stats(nextPage) + " |\n"
                + "| search for one by part of its name (typing to the one row, 250 ms typing pause included) | "
                + stats(search) + " |\n\n"
                + "samples (ms): first " + rounded(firstPage) + ", next " + rounded(nextPage) + ", search "
                + rounded(search) + "\n";
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks", "console-list.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        Bench.log(md);
    }
}
