package io.credreg.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.RegistryEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A benchmark, not a test: how fast the audit log answers on PostgreSQL with a large history.
 * <p>
 * Run it with {@code bench/postgres AuditBenchmark} (or {@code bench/audit}), or directly with
 * {@code ./mvnw -B verify -Pbenchmark -Dit.test=AuditBenchmark} and {@code REGISTRY_E2E_PG_*} naming a database whose
 * schema {@code public} may be dropped. Knobs: {@code -Dbench.events=1000000} (100 events per credential, so
 * 10,000 credentials), {@code -Dbench.samples=1000} per measured request kind, and
 * {@code -Dregistry.e2e.db-pool-size=10} on a PostgreSQL whose connection slots are shared with other runs.
 * <p>
 * It writes the history with {@link EventHistory} (50 actors, events 1 to 50 ms apart), restarts the registry and
 * times how long the processors take to catch up with it (all three together, as after an upgrade that adds the
 * audit processor), then measures, one request at a time after a warm-up: a credential's first audit page and the
 * page after its {@code next} cursor ({@code limit=50}), the existing {@code /api/credentials/{id}/history}, an
 * actor's page in a one-hour window and its next page; then a full export as NDJSON and as CSV, in entries per second,
 * with the query side's heap sampled meanwhile.
 */
class AuditBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final int SAMPLES = Integer.getInteger("bench.samples", 1_000);
    private static final int WARM_UP = Math.max(50, SAMPLES / 5);

    private static RegistryEnvironment registry;
    private static Database.PgSettings pg;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        pg = EventHistory.requirePostgres("AuditBenchmark");
        System.setProperty(RegistryEnvironment.PRODUCTION_JVM, "true");
        registry = RegistryEnvironment.start(Database.POSTGRES);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.stop();
        }
    }

    @Test
    void auditPagesAndExports() throws Exception {
        EventHistory.Written written = EventHistory.writeFromARealHistory(registry, pg, EVENTS);
        EventHistory.Generated generated = written.generated();
        double insertSeconds = written.insertSeconds();
        long total = count("select count(*) from domain_event_entry");

        long restart = System.nanoTime();
        registry.restart();
        double startSeconds = Bench.seconds(restart);
        QuerySideProcessors.awaitCaughtUp(registry, Duration.ofHours(2), Duration.ofSeconds(15));
        double catchUpSeconds = Bench.seconds(restart);
        Bench.log(String.format(Locale.ROOT, "processors caught up with %,d events %.1f s after the restart", total,
                catchUpSeconds));
        // A bulk load this size leaves the planner without statistics until autovacuum comes by; do it now.
        sql("vacuum analyze qr_audit_entry");
        long entries = count("select count(*) from qr_audit_entry");

        Fixture fixture = fixture();
        Api api = registry.api();
        List<Row> rows = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        rows.add(measure("credential's first page: `/api/audit?credentialId=..&limit=50`", () -> {
            String id = fixture.credentials.get(random.nextInt(fixture.credentials.size()));
            return "/api/audit?credentialId=" + id + "&limit=50";
        }));
        rows.add(measure("credential's next page (its `next` cursor)", () -> {
            String id = fixture.credentials.get(random.nextInt(fixture.credentials.size()));
            String next = api.get("/api/audit?credentialId=" + id + "&limit=50").expect(200).text("next");
            return "/api/audit?credentialId=" + id + "&limit=50" + (next == null ? "" : "&cursor=" + next);
        }));
        rows.add(measure("credential's history, existing API: `/api/credentials/{id}/history` (all ~100)", () ->
                "/api/credentials/" + fixture.credentials.get(random.nextInt(fixture.credentials.size()))
                        + "/history"));
        rows.add(measure("actor in a 1-hour window: `/api/audit?actor=..&from=..&to=..&limit=50`",
                () -> actorWindow(fixture, random)));
        rows.add(measure("actor in a 1-hour window, next page", () -> {
            String path = actorWindow(fixture, random);
            String next = api.get(path).expect(200).text("next");
            return next == null ? path : path + "&cursor=" + next;
        }));
        rows.add(measure("time travel, credential: `/api/credentials/{id}?at=..` (an instant in its life)", () -> {
            Life life = fixture.lives.get(random.nextInt(fixture.lives.size()));
            long span = Math.max(1, Duration.between(life.created, life.last).toMillis());
            return "/api/credentials/" + life.credentialId + "?at=" + life.created.plusMillis(random.nextLong(span));
        }));
        rows.add(measure("time travel, instance: `/api/instances/{id}/settings?at=..`", () -> {
            long span = Math.max(1, Duration.between(fixture.first, fixture.last).toMillis());
            return "/api/instances/replay-wa-" + random.nextInt(EventHistory.INSTANCES) + "/settings?at="
                    + fixture.first.plusMillis(random.nextLong(span));
        }));
        String plans = plans(fixture);
        long verifyStart = System.nanoTime();
        JsonNode verification = api.get("/api/audit/verify").expect(200).json();
        Verification verify = new Verification(verification.path("valid").asBoolean(),
                verification.path("count").asLong(), Bench.seconds(verifyStart));
        Bench.log(String.format(Locale.ROOT, "audit chain verified over %,d events in %.1f s: valid %s", verify.count,
                verify.seconds, verify.valid));

        List<Export> exports = List.of(export("ndjson"), export("csv"), export("ndjson"), export("csv"));
        String report = report(generated, insertSeconds, total, entries, startSeconds, catchUpSeconds, rows,
                exports, plans) + String.format(Locale.ROOT, "%nAudit chain: `GET /api/audit/verify` recomputed %,d"
                + " events in %.1f s (%,.0f events/s), valid: %s.%n", verify.count, verify.seconds,
                verify.count / verify.seconds, verify.valid);
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks", "audit.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        Bench.log("written to " + out.toAbsolutePath());
        System.out.println(report);
        registry.checkAlive();
    }

    // ------------------------------------------------------------------------------------------------- fixture

    private record Fixture(List<String> credentials, List<Life> lives, Instant first, Instant last) {
    }

    /** When a credential was created and when its last event happened: the instants time travel asks about. */
    private record Life(String credentialId, Instant created, Instant last) {
    }

    private record Verification(boolean valid, long count, double seconds) {
    }

    private static Fixture fixture() throws Exception {
        List<String> credentials = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select credential_id from qr_audit_credential")) {
            while (rs.next()) {
                credentials.add(rs.getString(1));
            }
        }
        List<Life> lives = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select credential_id, min(occurred_at), max(occurred_at) "
                     + "from qr_audit_entry where credential_id is not null group by credential_id")) {
            while (rs.next()) {
                lives.add(new Life(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                        rs.getObject(3, OffsetDateTime.class).toInstant()));
            }
        }
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select min(occurred_at), max(occurred_at) from qr_audit_entry "
                     + "where actor like 'admin-%'")) {
            rs.next();
            return new Fixture(credentials, lives, rs.getObject(1, OffsetDateTime.class).toInstant(),
                    rs.getObject(2, OffsetDateTime.class).toInstant());
        }
    }

    private static String actorWindow(Fixture fixture, SplittableRandom random) {
        String actor = EventHistory.ACTORS.get(random.nextInt(EventHistory.ACTORS.size()));
        long span = Math.max(1, Duration.between(fixture.first, fixture.last).minusHours(1).toSeconds());
        Instant from = fixture.first.plusSeconds(random.nextLong(span));
        return "/api/audit?actor=" + actor + "&from=" + from + "&to=" + from.plusSeconds(3600) + "&limit=50";
    }

    // ------------------------------------------------------------------------------------------------ latency

    private record Row(String what, int samples, int empty, double p50, double p90, double p99, double max) {
    }

    /** One client, one request at a time; the time includes reading the whole body. */
    private Row measure(String what, Supplier<String> paths) {
        for (int i = 0; i < WARM_UP; i++) {
            registry.api().get(paths.get()).expect(200);
        }
        double[] millis = new double[SAMPLES];
        int empty = 0;
        for (int i = 0; i < SAMPLES; i++) {
            String path = paths.get(); // built (and a cursor fetched) outside the clock
            long t = System.nanoTime();
            Api.Response r = registry.api().get(path);
            millis[i] = (System.nanoTime() - t) / 1e6;
            r.expect(200);
            JsonNode body = r.json();
            JsonNode items = body.isArray() ? body : body.get("items"); // a credential's detail has none
            if (items != null && items.isEmpty()) {
                empty++;
            }
        }
        Arrays.sort(millis);
        Row row = new Row(what, SAMPLES, empty, percentile(millis, 50), percentile(millis, 90),
                percentile(millis, 99), millis[millis.length - 1]);
        Bench.log(String.format(Locale.ROOT, "%s: p50 %.1f ms, p99 %.1f ms (%d empty)", what, row.p50, row.p99, empty));
        return row;
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The plans PostgreSQL chooses for the two page kinds, as evidence that they are index range scans. */
    private static String plans(Fixture fixture) throws Exception {
        StringBuilder out = new StringBuilder();
        String select = "explain (analyze, buffers) select * from qr_audit_entry where ";
        String order = " and global_sequence > 0 and global_sequence <= 9223372036854775807 order by global_sequence "
                + "limit 51";
        Instant from = fixture.first.plus(Duration.between(fixture.first, fixture.last).dividedBy(2));
        try (Connection c = connect()) {
            explain(c, out, select + "credential_id = ?" + order, fixture.credentials.get(0));
            explain(c, out, select + "actor = ? and occurred_at >= ? and occurred_at < ?" + order,
                    EventHistory.ACTORS.get(17), OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(from.plusSeconds(3600), java.time.ZoneOffset.UTC));
        }
        return out.toString();
    }

    private static void explain(Connection c, StringBuilder out, String sql, Object... parameters) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            out.append("```\n").append(sql.replace("explain (analyze, buffers) ", "")).append("\n");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            out.append("```\n");
        }
    }

    // ------------------------------------------------------------------------------------------------- export

    private record Export(String format, long entries, long bytes, double seconds, long heapBeforeMb,
                          long heapMaxMb) {
    }

    /** The whole log, read as a stream and counted line by line; the query side's heap is sampled meanwhile. */
    private Export export(String format) throws Exception {
        long heapBefore = heapUsedMb();
        AtomicLong heapMax = new AtomicLong(heapBefore);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                heapMax.accumulateAndGet(heapUsedMb(), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long lines = 0;
        long bytes = 0;
        long t = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(registry.api().queryBase().resolve("/api/audit?format="
                + format)).timeout(Duration.ofHours(1))
                .header("Authorization", "Bearer " + registry.api().adminToken()).build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError("export " + format + " answered " + response.statusCode());
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines++;
                bytes += line.length() + 1;
            }
        }
        double s = Bench.seconds(t);
        running.set(false);
        sampler.join();
        long entries = "csv".equals(format) ? lines - 1 : lines;
        Bench.log(String.format(Locale.ROOT,
                "export %s: %,d entries, %,d MB in %.1f s = %,.0f entries/s; heap %d -> max %d MB", format,
                entries, bytes >> 20, s, entries / s, heapBefore, heapMax.get()));
        return new Export(format, entries, bytes, s, heapBefore, heapMax.get());
    }

    private long heapUsedMb() {
        try {
            String path = "/actuator/metrics/jvm.memory.used?tag=" + URLEncoder.encode("area:heap",
                    StandardCharsets.UTF_8);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(registry.api().queryBase().resolve(path))
                    .header("Authorization", "Bearer " + registry.api().adminToken()) // metrics are admin-only
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = Api.JSON.readTree(r.body());
            return (long) (body.get("measurements").get(0).get("value").asDouble() / (1 << 20));
        } catch (Exception e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------- report

    private static String report(EventHistory.Generated generated, double insertSeconds, long total, long entries,
                                 double startSeconds, double catchUpSeconds, List<Row> rows, List<Export> exports,
                                 String plans) {
        StringBuilder md = new StringBuilder();
        md.append("# Audit log on PostgreSQL\n\n");
        md.append(String.format(Locale.ROOT, "%s, %d CPUs; %,d events in the store (%,d generated for %,d "
                        + "credentials in %.1f s); %,d audit entries.%n%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), total, generated.events(), generated.credentials(),
                insertSeconds, entries));
        md.append(String.format(Locale.ROOT, "Catch-up: the registry restarted in %.1f s, and all %d processors "
                        + "(%s) had handled the %,d events %.1f s after the restart (%,.0f events/s each).%n%n",
                startSeconds, QuerySideProcessors.ALL.size(), String.join(", ", QuerySideProcessors.ALL), total,
                catchUpSeconds, total / catchUpSeconds));
        md.append(String.format(Locale.ROOT, "Pages (one client, sequential, %,d samples each after %,d warm-up "
                + "requests; milliseconds, including reading the body):%n%n", SAMPLES, WARM_UP));
        md.append("| request | p50 | p90 | p99 | max | empty pages |\n|---|---:|---:|---:|---:|---:|\n");
        double worstP99 = 0;
        for (Row row : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %d |%n", row.what, row.p50,
                    row.p90, row.p99, row.max, row.empty));
            if (row.what.contains("/api/audit") || row.what.contains("next page") || row.what.contains("?at=")) {
                worstP99 = Math.max(worstP99, row.p99);
            }
        }
        md.append(String.format(Locale.ROOT, "%nAim: p99 under 100 ms for audit pages and time travel: %s (worst p99 "
                + "%.1f ms).%n%n", worstP99 < 100 ? "met" : "not met", worstP99));
        md.append("Exports (the whole log, no filter, read as a stream by one client):\n\n");
        md.append("| format | entries | MB | seconds | entries/s | query-side heap before → max during (MB) |\n"
                + "|---|---:|---:|---:|---:|---:|\n");
        for (Export e : exports) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %.1f | %,.0f | %d → %d |%n", e.format,
                    e.entries, e.bytes >> 20, e.seconds, e.entries / e.seconds, e.heapBeforeMb, e.heapMaxMb));
        }
        md.append("\nPlans (EXPLAIN ANALYZE of the SQL behind a first page):\n\n").append(plans);
        return md.toString();
    }

    private static Connection connect() throws Exception {
        return EventHistory.connect(pg);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sql(String sql) throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
