package io.credreg.e2e.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.RegistryEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A benchmark, not a test: latency of the time-travel queries and duration of the audit-chain verification on
 * PostgreSQL, over the event store {@link ReplayBenchmark} generates ({@code -Dbench.events}, default 1,000,000
 * events of 10,000 credentials, 100 each, bound to settings of 5,000 instances).
 * <p>
 * Run it with {@code bench/postgres TimeTravelBenchmark}. After the rows are inserted the registry is restarted and
 * every processor (the audit chain included) catches up; then, one request at a time, {@code bench.tt.requests}
 * (default 2,000) credential queries and as many instance queries at random instants within the generated history,
 * after 200 of each to warm up; then one verification of the whole chain.
 */
class TimeTravelBenchmark {

    private static final int REQUESTS = Integer.getInteger("bench.tt.requests", 2_000);
    private static final int WARM_UP = 200;
    private static final int INSTANCES = 5_000;

    @BeforeAll
    static void start() {
        ReplayBenchmark.start();
    }

    @AfterAll
    static void stop() {
        ReplayBenchmark.stop();
    }

    @Test
    void timeTravelLatencyAndChainVerification() throws Exception {
        RegistryEnvironment registry = ReplayBenchmark.registry;
        Map<String, ReplayBenchmark.Template> templates = ReplayBenchmark.templatesFromARealHistory();
        registry.stop();
        long t0 = System.nanoTime();
        ReplayBenchmark.Generated generated = ReplayBenchmark.generate(templates);
        log(String.format(Locale.ROOT, "inserted %,d events of %,d credentials in %.1f s", generated.events(),
                generated.credentials(), seconds(t0)));
        List<String> credentials = new ArrayList<>();
        Instant first;
        Instant last;
        try (Connection c = ReplayBenchmark.pg.connect(); Statement s = c.createStatement()) {
            s.execute("vacuum analyze domain_event_entry");
            try (ResultSet rs = s.executeQuery("select aggregate_identifier from domain_event_entry"
                    + " where sequence_number = 0 and payload_type like '%CredentialCreated'")) {
                while (rs.next()) {
                    credentials.add(rs.getString(1));
                }
            }
            try (ResultSet rs = s.executeQuery("select min(time_stamp), max(time_stamp) from domain_event_entry")) {
                rs.next();
                first = Instant.parse(rs.getString(1));
                last = Instant.parse(rs.getString(2));
            }
        }
        long total = registry.eventCount();

        registry.restart();
        long catchUp = System.nanoTime();
        ReplayBenchmark.awaitCaughtUp(Duration.ofHours(2), true);
        double catchUpSeconds = seconds(catchUp);
        log(String.format(Locale.ROOT, "every processor caught up with %,d events in %.1f s", total,
                catchUpSeconds));
        vacuum();

        Api api = registry.api();
        SplittableRandom random = new SplittableRandom(7);
        long span = last.toEpochMilli() - first.toEpochMilli();
        measure(api, random, credentials, first, span, WARM_UP, true);
        measure(api, random, credentials, first, span, WARM_UP, false);
        long[] credentialNanos = measure(api, random, credentials, first, span, REQUESTS, true);
        long[] instanceNanos = measure(api, random, credentials, first, span, REQUESTS, false);

        long v0 = System.nanoTime();
        JsonNode verification = api.get("/api/audit/verify").expect(200).json();
        double verifySeconds = seconds(v0);
        registry.checkAlive();
        if (!verification.path("valid").asBoolean() || verification.path("count").asLong() != total) {
            throw new AssertionError("chain not valid over all " + total + " events: " + verification);
        }

        String report = report(total, generated, catchUpSeconds, credentialNanos, instanceNanos, verifySeconds);
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks", "time-travel.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("[bench] written to " + out.toAbsolutePath());
        System.out.println(report);
    }

    /** Sequential requests at random instants; the latency of each, sorted. */
    private static long[] measure(Api api, SplittableRandom random, List<String> credentials, Instant first,
                                  long span, int requests, boolean credential) {
        long[] nanos = new long[requests];
        for (int i = 0; i < requests; i++) {
            Instant at = first.plusMillis(random.nextLong(span + 1));
            String path = credential
                    ? "/api/credentials/" + credentials.get(random.nextInt(credentials.size())) + "?at=" + at
                    : "/api/instances/replay-wa-" + random.nextInt(INSTANCES) + "/settings?at=" + at;
            long start = System.nanoTime();
            Api.Response r = api.get(path);
            nanos[i] = System.nanoTime() - start;
            if (r.status() != 200 && !(credential && r.status() == 404)) {
                throw new AssertionError("unexpected answer to " + path + ": " + r);
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void vacuum() throws Exception {
        try (Connection c = ReplayBenchmark.pg.connect(); Statement s = c.createStatement()) {
            s.execute("vacuum analyze");
        }
    }

    private static String report(long total, ReplayBenchmark.Generated generated, double catchUpSeconds,
                                 long[] credential, long[] instance, double verifySeconds) {
        StringBuilder md = new StringBuilder("# Time travel and audit-chain verification on PostgreSQL\n\n");
        md.append(String.format(Locale.ROOT, "%s, %d CPUs; %,d events (%,d credentials, 100 events each, bound to"
                        + " settings of %,d instances); all processors caught up from a restart in %.1f s%n%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), total, generated.credentials(),
                INSTANCES, catchUpSeconds));
        md.append("| request (sequential, over HTTP, random instant in the history) | requests | p50 ms | p95 ms |"
                + " p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n");
        md.append(row("`GET /api/credentials/{id}?at=`", credential));
        md.append(row("`GET /api/instances/{id}/settings?at=`", instance));
        md.append(String.format(Locale.ROOT, "%n`GET /api/audit/verify` over %,d events: %.1f s (%,.0f events/s)%n",
                total, verifySeconds, total / verifySeconds));
        return md.toString();
    }

    private static String row(String what, long[] sorted) {
        return String.format(Locale.ROOT, "| %s | %,d | %.1f | %.1f | %.1f | %.1f |%n", what, sorted.length,
                percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
