package io.credreg.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.RegistryEnvironment;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A benchmark, not a test: how many commands per second the registry takes on PostgreSQL, over HTTP, from 16
 * concurrent clients, and at what latency, compared with what the same PostgreSQL server does when {@code pgbench}
 * inserts single event-sized rows, one transaction each (the machine's durable-commit limit), in the same run.
 * <p>
 * Run it with {@code bench/postgres}, which prepares PostgreSQL and runs
 * {@code ./mvnw -B verify -Pbenchmark -Dit.test=CommandThroughputBenchmark}. It needs {@code REGISTRY_E2E_PG_URL},
 * {@code REGISTRY_E2E_PG_USER} and {@code REGISTRY_E2E_PG_PASSWORD}, and drops and recreates schema {@code public} of
 * that database. Knobs: {@code -Dbench.clients=16 -Dbench.warmup-seconds=30 -Dbench.seconds=60
 * -Dbench.pgbench-seconds=30 -Dbench.pgbench=/path/to/pgbench} (or {@code BENCH_PGBENCH}).
 * <p>
 * Each client owns its instances (so it knows what each of its settings holds and every answer is predictable) and
 * sends, closed loop: 20 % creates (a fresh secret each), 50 % binds (a random setting of its own to a random
 * credential of anyone's; a bound setting is replaced) and 30 % unbinds (of a setting it bound). Any answer but
 * 201, 200 and 204 respectively is counted as unexpected; a 5xx fails the benchmark.
 */
class CommandThroughputBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup-seconds", 30);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    private static final int PGBENCH_SECONDS = Integer.getInteger("bench.pgbench-seconds", 30);
    private static final int SEED_CREDENTIALS = 100;
    private static final int INSTANCES_PER_CLIENT = 250;
    private static final String[] SETTINGS = {"openai.default", "openai.bot.support", "openai.bot.sales"};
    private static final String TABLE = "bench_pgbench_row";

    private static RegistryEnvironment registry;
    private static Database.PgSettings pg;
    private static String runTag;
    private static final List<String> credentials = Collections.synchronizedList(new ArrayList<>());
    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    enum Op { CREATE, BIND, UNBIND }

    @BeforeAll
    static void start() {
        pg = requirePostgres();
        System.setProperty(RegistryEnvironment.PRODUCTION_JVM, "true");
        registry = RegistryEnvironment.start(Database.POSTGRES);
        runTag = UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.stop();
        }
    }

    /** Fails (never skips) when PostgreSQL is not configured or not reachable: this benchmark is about PostgreSQL. */
    private static Database.PgSettings requirePostgres() {
        String url = System.getenv("REGISTRY_E2E_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("CommandThroughputBenchmark needs PostgreSQL: set REGISTRY_E2E_PG_URL "
                    + "(e.g. jdbc:postgresql://127.0.0.1:5432/registry_bench), REGISTRY_E2E_PG_USER and "
                    + "REGISTRY_E2E_PG_PASSWORD, or run bench/postgres, which prepares PostgreSQL and sets them. "
                    + "The benchmark drops and recreates schema public of that database.");
        }
        String user = Optional.ofNullable(System.getenv("REGISTRY_E2E_PG_USER")).orElse("registry");
        String password = Optional.ofNullable(System.getenv("REGISTRY_E2E_PG_PASSWORD")).orElse("");
        Database.PgSettings settings = new Database.PgSettings(url, user, password);
        try (Connection ignored = settings.connect()) {
            return settings;
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + url + " (user " + user + ") is unreachable: "
                    + e.getMessage() + "; bench/postgres starts it and creates the role and database", e);
        }
    }

    @Test
    void commandsPerSecondOnPostgresAgainstPgbench() throws Exception {
        Path pgbench = findPgbench();
        List<Client> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new Client(i));
        }
        seed();
        Bench.log("warm-up: " + WARMUP_SECONDS + " s, " + CLIENTS + " clients");
        Phase warmUp = runPhase(clients, WARMUP_SECONDS);
        Bench.log("warm-up done: " + warmUp.summaryLine());

        Bench.log("measuring: " + SECONDS + " s, " + CLIENTS + " clients");
        if (Boolean.getBoolean("bench.jfr")) {
            startFlightRecordings();
        }
        Map<String, ServerTimer> serverBefore = serverTimers();
        Snapshot before = Snapshot.take();
        Phase measured = runPhase(clients, SECONDS);
        Snapshot after = Snapshot.take();
        Map<String, ServerTimer> serverAfter = serverTimers();
        Bench.log("measured: " + measured.summaryLine());
        registry.checkAlive();

        // Pending statistics of idle PostgreSQL backends are flushed within 10 s.
        Thread.sleep(11_000);
        DbStats dbAfter = DbStats.take();
        EventSize eventSize = EventSize.measure();
        Map<String, String> pgSettings = pgSettings();
        String logTails = registry.logTails(40);

        // pgbench on an idle server: the registry stops first (its query side would otherwise still be projecting).
        registry.stop();
        PgbenchResult baseline = runPgbench(pgbench, eventSize.pgbenchPayloadBytes());

        String report = report(warmUp, measured, before, after, dbAfter, serverBefore, serverAfter, eventSize,
                pgSettings, baseline);
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks",
                "command-throughput.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        Bench.log("written to " + out.toAbsolutePath());
        System.out.println(report);

        long serverErrors = measured.statusCount(s -> s >= 500) + warmUp.statusCount(s -> s >= 500);
        if (serverErrors > 0) {
            throw new AssertionError(serverErrors + " requests answered 5xx (see the report above)\n" + logTails);
        }
    }

    // ------------------------------------------------------------------------------------------------ the workload

    private static void seed() throws Exception {
        Bench.log("seeding " + SEED_CREDENTIALS + " credentials");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < SEED_CREDENTIALS; i++) {
                int n = i;
                pending.add(pool.submit(() -> {
                    Exchange e = send("POST", "/api/credentials", "{\"name\":\"bench seed " + n + " " + runTag
                            + "\",\"provider\":\"openai\",\"secret\":\"" + freshSecret(new SplittableRandom()) + "\"}",
                            "bench-seed");
                    if (e.status != 201) {
                        throw new AssertionError("seeding a credential answered " + e.status + ": " + e.body);
                    }
                    credentials.add(idOf(e.body));
                    return null;
                }));
            }
            for (Future<?> f : pending) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Phase runPhase(List<Client> clients, int seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        try {
            long start = System.nanoTime();
            long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
            List<Future<Stats>> running = new ArrayList<>();
            for (Client c : clients) {
                running.add(pool.submit(() -> c.run(deadline)));
            }
            Stats total = new Stats();
            for (Future<Stats> f : running) {
                total.add(f.get());
            }
            return new Phase(total, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    /** One closed-loop client: it owns {@link #INSTANCES_PER_CLIENT} instances with three settings each. */
    private static final class Client {
        private final int number;
        private final String actor;
        private final SplittableRandom random;
        private final String[] heldBy = new String[INSTANCES_PER_CLIENT * SETTINGS.length];
        private final int[] bound = new int[heldBy.length];
        private final int[] position = new int[heldBy.length];
        private int boundCount;
        private int created;

        Client(int number) {
            this.number = number;
            this.actor = "bench-client-" + number;
            this.random = new SplittableRandom(number * 7919L + System.nanoTime());
        }

        Stats run(long deadline) {
            Stats stats = new Stats();
            while (System.nanoTime() < deadline) {
                int dice = random.nextInt(100);
                Op op = dice < 20 ? Op.CREATE : dice < 70 || boundCount == 0 ? Op.BIND : Op.UNBIND;
                switch (op) {
                    case CREATE -> create(stats);
                    case BIND -> bind(stats);
                    case UNBIND -> unbind(stats);
                }
            }
            return stats;
        }

        private void create(Stats stats) {
            String body = "{\"name\":\"bench " + runTag + " c" + number + " n" + (created++) + "\",\"provider\":"
                    + "\"openai\",\"secret\":\"" + freshSecret(random) + "\"}";
            Exchange e = send("POST", "/api/credentials", body, actor);
            stats.record(Op.CREATE, e, 201, false);
            if (e.status == 201) {
                credentials.add(idOf(e.body));
            }
        }

        private void bind(Stats stats) {
            int slot = random.nextInt(heldBy.length);
            String held = heldBy[slot];
            String credential;
            do {
                credential = credentials.get(random.nextInt(credentials.size()));
            } while (credential.equals(held));
            Exchange e = send("PUT", settingPath(slot), "{\"credentialId\":\"" + credential + "\"}", actor);
            stats.record(Op.BIND, e, 200, held != null);
            if (e.status == 200) {
                if (held == null) {
                    position[slot] = boundCount;
                    bound[boundCount++] = slot;
                }
                heldBy[slot] = credential;
            }
        }

        private void unbind(Stats stats) {
            int slot = bound[random.nextInt(boundCount)];
            Exchange e = send("DELETE", settingPath(slot), null, actor);
            stats.record(Op.UNBIND, e, 204, false);
            if (e.status == 204) {
                heldBy[slot] = null;
                int last = bound[--boundCount];
                bound[position[slot]] = last;
                position[last] = position[slot];
            }
        }

        private String settingPath(int slot) {
            return "/api/instances/bench-" + runTag + "-c" + number + "-i" + (slot / SETTINGS.length) + "/settings/"
                    + SETTINGS[slot % SETTINGS.length];
        }
    }

    /** An OpenAI-like project key: 56 characters, fresh each time. */
    private static String freshSecret(SplittableRandom random) {
        byte[] bytes = new byte[36];
        random.nextBytes(bytes);
        return "sk-proj-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String idOf(String body) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(body);
        if (!m.find()) {
            throw new AssertionError("no id in " + body);
        }
        return m.group(1);
    }

    private record Exchange(int status, String body, long nanos) {
    }

    /** Status 0: no answer (connection error or time-out). */
    private static Exchange send(String method, String path, String json, String actor) {
        HttpRequest.Builder b = HttpRequest.newBuilder(registry.api().commandBase().resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json, application/problem+json")
                .header("Authorization", "Bearer " + registry.api().tokenFor(actor));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        HttpRequest request = b.build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Exchange(r.statusCode(), r.body(), System.nanoTime() - start);
        } catch (IOException e) {
            return new Exchange(0, e.toString(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ statistics

    private static Histogram histogram() {
        return new Histogram(TimeUnit.MINUTES.toMicros(2), 3);
    }

    /** Latencies in microseconds, of every request (expected answer or not), by type; unexpected answers by status. */
    private static final class Stats {
        final Map<Op, Histogram> latency = new EnumMap<>(Op.class);
        final Map<Op, Long> ok = new EnumMap<>(Op.class);
        final Map<Op, Long> replacing = new EnumMap<>(Op.class);
        final Map<Op, TreeMap<Integer, Long>> unexpected = new EnumMap<>(Op.class);
        final List<String> samples = new ArrayList<>();

        Stats() {
            for (Op op : Op.values()) {
                latency.put(op, histogram());
                ok.put(op, 0L);
                replacing.put(op, 0L);
                unexpected.put(op, new TreeMap<>());
            }
        }

        void record(Op op, Exchange e, int expected, boolean replaces) {
            latency.get(op).recordValue(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMicros(e.nanos),
                    latency.get(op).getHighestTrackableValue())));
            if (e.status == expected) {
                ok.merge(op, 1L, Long::sum);
                if (replaces) {
                    replacing.merge(op, 1L, Long::sum);
                }
            } else {
                unexpected.get(op).merge(e.status, 1L, Long::sum);
                if (samples.size() < 5) {
                    samples.add(op + " -> " + e.status + " " + abbreviate(e.body));
                }
            }
        }

        void add(Stats other) {
            for (Op op : Op.values()) {
                latency.get(op).add(other.latency.get(op));
                ok.merge(op, other.ok.get(op), Long::sum);
                replacing.merge(op, other.replacing.get(op), Long::sum);
                other.unexpected.get(op).forEach((s, n) -> unexpected.get(op).merge(s, n, Long::sum));
            }
            other.samples.stream().limit(Math.max(0, 5 - samples.size())).forEach(samples::add);
        }

        Histogram all() {
            Histogram all = histogram();
            latency.values().forEach(all::add);
            return all;
        }

        long okTotal() {
            return ok.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private record Phase(Stats stats, double seconds) {
        long statusCount(java.util.function.IntPredicate which) {
            return stats.unexpected.values().stream().flatMap(m -> m.entrySet().stream())
                    .filter(e -> which.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
        }

        long unexpected() {
            return statusCount(s -> true);
        }

        String summaryLine() {
            Histogram all = stats.all();
            return String.format(Locale.ROOT, "%d requests in %.1f s = %.0f/s, %d as expected, %d unexpected, "
                            + "p50 %.1f ms, p99 %.1f ms, max %.1f ms", all.getTotalCount(), seconds,
                    all.getTotalCount() / seconds, stats.okTotal(), unexpected(), ms(all, 50), ms(all, 99),
                    all.getMaxValue() / 1000.0);
        }
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    // ------------------------------------------------------------------------------- where the time goes: CPU, DB

    /** CPU time (ms) of the machine and of the processes that matter, plus the database's counters. */
    private record Snapshot(long nanos, String loadAvg, long machineBusyTicks, long machineTotalTicks,
                            Map<String, Double> cpuMillis, DbStats db) {
        static Snapshot take() {
            long[] machine = ProcessCpu.machineTicks();
            return new Snapshot(System.nanoTime(), ProcessCpu.loadAvg(), machine[0], machine[1],
                    ProcessCpu.millis(databaseName()),
                    DbStats.take());
        }
    }

    /** The database's counters: transactions, rows written by table, WAL (cluster-wide). */
    private record DbStats(Map<String, Long> database, Map<String, Long> wal, Map<String, long[]> tables,
                           long lastGlobalIndex) {
        static DbStats take() {
            Map<String, Long> database = new LinkedHashMap<>();
            Map<String, Long> wal = new LinkedHashMap<>();
            Map<String, long[]> tables = new TreeMap<>();
            long lastGlobalIndex = -1;
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                s.execute("select pg_stat_clear_snapshot()");
                try (ResultSet rs = s.executeQuery("select xact_commit, xact_rollback, tup_inserted, tup_updated, "
                        + "tup_deleted from pg_stat_database where datname = current_database()")) {
                    if (rs.next()) {
                        for (String col : List.of("xact_commit", "xact_rollback", "tup_inserted", "tup_updated",
                                "tup_deleted")) {
                            database.put(col, rs.getLong(col));
                        }
                    }
                }
                try (ResultSet rs = s.executeQuery(
                        "select wal_records, wal_bytes, wal_write, wal_sync from pg_stat_wal")) {
                    if (rs.next()) {
                        for (String col : List.of("wal_records", "wal_bytes", "wal_write", "wal_sync")) {
                            wal.put(col, rs.getLong(col));
                        }
                    }
                } catch (SQLException e) {
                    // not readable by this role
                }
                try (ResultSet rs = s.executeQuery("select relname, n_tup_ins, n_tup_upd, n_tup_del, "
                        + "coalesce(idx_scan, 0) + coalesce(seq_scan, 0) from pg_stat_user_tables "
                        + "where schemaname = 'public'")) {
                    while (rs.next()) {
                        tables.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5)});
                    }
                }
                try (ResultSet rs = s.executeQuery("select coalesce(max(global_index), 0) from domain_event_entry")) {
                    rs.next();
                    lastGlobalIndex = rs.getLong(1);
                }
            } catch (SQLException e) {
                Bench.log("could not read PostgreSQL statistics: " + e.getMessage());
            }
            return new DbStats(database, wal, tables, lastGlobalIndex);
        }
    }

    /** The mean size of what one event stores (payload and metadata), and the event types of the run. */
    private record EventSize(double payload, double metaData, double row, Map<String, Long> byType) {
        /**
         * The pgbench row's payload: as many bytes as make its row (a 36-character id, the payload, a timestamp and
         * the row header, about 80 bytes besides the payload) as large as the mean event row; 600 without events.
         */
        int pgbenchPayloadBytes() {
            return row > 0 ? (int) Math.max(100, Math.round(row) - 80) : 600;
        }

        static EventSize measure() {
            Map<String, Long> byType = new LinkedHashMap<>();
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                double payload;
                double metaData;
                double row;
                try (ResultSet rs = s.executeQuery("select avg(octet_length(payload)), "
                        + "avg(coalesce(octet_length(meta_data), 0)), avg(pg_column_size(e.*)) "
                        + "from domain_event_entry e")) {
                    rs.next();
                    payload = rs.getDouble(1);
                    metaData = rs.getDouble(2);
                    row = rs.getDouble(3);
                }
                try (ResultSet rs = s.executeQuery("select payload_type, count(*) from domain_event_entry "
                        + "group by payload_type order by 2 desc")) {
                    while (rs.next()) {
                        String type = rs.getString(1);
                        byType.put(type.substring(type.lastIndexOf('.') + 1), rs.getLong(2));
                    }
                }
                return new EventSize(payload, metaData, row, byType);
            } catch (SQLException e) {
                Bench.log("could not measure the events: " + e.getMessage());
                return new EventSize(0, 0, 0, byType);
            }
        }
    }

    private static Map<String, String> pgSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (String name : List.of("server_version", "synchronous_commit", "fsync", "wal_sync_method",
                    "commit_delay", "shared_buffers", "max_connections")) {
                try (ResultSet rs = s.executeQuery("show " + name)) {
                    rs.next();
                    settings.put(name, rs.getString(1));
                }
            }
        } catch (SQLException e) {
            settings.put("error", e.getMessage());
        }
        return settings;
    }

    /** The command side's own view of its HTTP requests (Boot's http.server.requests timer), if it exposes it. */
    private record ServerTimer(double count, double totalSeconds, double maxSeconds) {
    }

    /**
     * Timers of the command side: its HTTP requests, how long a request waits for a pooled database connection
     * ({@code hikaricp.connections.acquire}) and how long it holds one ({@code hikaricp.connections.usage}); and the
     * garbage collectors' pauses of both sides ({@code jvm.gc.pause}), which every request caught in one waits out.
     */
    private static Map<String, ServerTimer> serverTimers() {
        Map<String, ServerTimer> timers = new LinkedHashMap<>();
        for (String name : List.of("http.server.requests", "hikaricp.connections.acquire",
                "hikaricp.connections.usage", "jvm.gc.pause")) {
            ServerTimer t = serverTimer(registry.api().commandBase(), name);
            if (t != null) {
                timers.put("command side `" + name + "`", t);
            }
        }
        ServerTimer queryPauses = serverTimer(registry.api().queryBase(), "jvm.gc.pause");
        if (queryPauses != null) {
            timers.put("query side `jvm.gc.pause`", queryPauses);
        }
        return timers;
    }

    private static ServerTimer serverTimer(URI base, String name) {
        Exchange e = get(base.resolve("/actuator/metrics/" + name));
        if (e.status != 200) {
            return null;
        }
        double count = -1;
        double total = -1;
        double max = -1;
        for (JsonNode m : Api.JSON.readTree(e.body).path("measurements")) {
            switch (m.path("statistic").asString("")) {
                case "COUNT" -> count = m.path("value").asDouble();
                case "TOTAL_TIME" -> total = m.path("value").asDouble();
                case "MAX" -> max = m.path("value").asDouble();
                default -> { }
            }
        }
        return count < 0 || total < 0 ? null : new ServerTimer(count, total, max);
    }

    private static Exchange get(URI uri) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET()
                    .header("Authorization", "Bearer " + registry.api().adminToken()).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Exchange(r.statusCode(), r.body(), System.nanoTime() - start);
        } catch (IOException e) {
            return new Exchange(0, e.toString(), System.nanoTime() - start);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * With {@code -Dbench.jfr=true}: a Java Flight Recording (settings "profile") of each application over the
     * measured phase, into {@code target/benchmarks/<side>.jfr}; e.g. {@code jfr print --events jdk.ExecutionSample}.
     */
    private static void startFlightRecordings() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        ProcessHandle.current().children().forEach(p -> {
            String cmd = p.info().commandLine().orElse("");
            String side = cmd.contains("command-side") ? "command-side" : cmd.contains("query-side") ? "query-side"
                    : null;
            if (side == null) {
                return;
            }
            Path file = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks", side + ".jfr")
                    .toAbsolutePath();
            try {
                Files.createDirectories(file.getParent());
                Process jfr = new ProcessBuilder(jcmd.toString(), Long.toString(p.pid()), "JFR.start", "name=bench",
                        "settings=profile", "duration=" + SECONDS + "s", "filename=" + file)
                        .redirectErrorStream(true).start();
                String out = new String(jfr.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                jfr.waitFor();
                Bench.log("flight recording of " + side + " (pid " + p.pid() + ") into " + file + ": " + out);
            } catch (IOException e) {
                Bench.log("could not start a flight recording of " + side + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    // ------------------------------------------------------------------------------------------------ pgbench

    private static Path findPgbench() {
        List<String> candidates = new ArrayList<>();
        Optional.ofNullable(System.getProperty("bench.pgbench")).ifPresent(candidates::add);
        Optional.ofNullable(System.getenv("BENCH_PGBENCH")).ifPresent(candidates::add);
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String dir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (p.waitFor() == 0 && !dir.isEmpty()) {
                candidates.add(dir + "/pgbench");
            }
        } catch (IOException e) {
            // no pg_config on the PATH
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (DirectoryStream<Path> versions = Files.newDirectoryStream(Path.of("/usr/lib/postgresql"))) {
            List<Path> found = new ArrayList<>();
            versions.forEach(v -> found.add(v.resolve("bin/pgbench")));
            found.sort((a, b) -> compareVersions(b.getParent().getParent().getFileName().toString(),
                    a.getParent().getParent().getFileName().toString()));
            found.forEach(p -> candidates.add(p.toString()));
        } catch (IOException e) {
            // not a Debian layout
        }
        candidates.add("/usr/bin/pgbench");
        for (String candidate : candidates) {
            Path p = Path.of(candidate);
            if (Files.isExecutable(p)) {
                Bench.log("pgbench: " + p);
                return p;
            }
        }
        throw new IllegalStateException("pgbench not found (tried " + candidates + "): install PostgreSQL's "
                + "server package (Debian: postgresql-15), or name it with -Dbench.pgbench=/path/to/pgbench");
    }

    private static int compareVersions(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    private record PgbenchResult(int rowBytes, double tps, double latencyAverageMs, Histogram latency,
                                 long transactions, long failed, String loadAvgBefore, String loadAvgAfter,
                                 String command, String output) {
    }

    /**
     * {@code pgbench -n -c 16 -j 2 -T 30 -f insert.sql}: each transaction inserts one row the size of a mean event
     * (a uuid id, the payload, a timestamp) into a scratch table, made and dropped here.
     */
    private static PgbenchResult runPgbench(Path pgbench, int rowBytes) throws Exception {
        Path dir = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks", "pgbench")
                .toAbsolutePath();
        Files.createDirectories(dir);
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "pgbench_log*")) {
            for (Path p : old) {
                Files.delete(p);
            }
        }
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("drop table if exists " + TABLE);
            s.execute("create table " + TABLE + " (id varchar(64) not null primary key, payload bytea not null, "
                    + "created_at timestamptz not null default now())");
        }
        Path script = dir.resolve("insert.sql");
        int md5s = (rowBytes + 31) / 32;
        Files.writeString(script, "INSERT INTO " + TABLE + " (id, payload) VALUES (gen_random_uuid()::text, "
                + "convert_to(substr(repeat(md5(random()::text), " + md5s + "), 1, " + rowBytes + "), 'UTF8'));\n");
        List<String> cmd = List.of(pgbench.toString(), "-n", "-c", Integer.toString(CLIENTS), "-j", "2", "-T",
                Integer.toString(PGBENCH_SECONDS), "-f", script.toString(), "-l", "--log-prefix="
                        + dir.resolve("pgbench_log"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        URI uri = URI.create(pg.url().substring("jdbc:".length()));
        pb.environment().put("PGHOST", uri.getHost() == null ? "localhost" : uri.getHost());
        pb.environment().put("PGPORT", Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort()));
        pb.environment().put("PGDATABASE", databaseName());
        pb.environment().put("PGUSER", pg.user());
        pb.environment().put("PGPASSWORD", pg.password());
        pb.environment().put("PGAPPNAME", "command-throughput-pgbench");
        String loadBefore = ProcessCpu.loadAvg();
        Bench.log("running " + String.join(" ", cmd) + " (" + rowBytes + "-byte rows)");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        String loadAfter = ProcessCpu.loadAvg();
        System.out.println(output);
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("drop table if exists " + TABLE);
        }
        if (exit != 0) {
            throw new IllegalStateException("pgbench exited with " + exit + ":\n" + output);
        }
        Histogram latency = histogram();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, "pgbench_log*")) {
            for (Path log : logs) {
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 3) {
                        latency.recordValue(Math.max(1, Math.min(Long.parseLong(f[2]),
                                latency.getHighestTrackableValue())));
                    }
                }
            }
        }
        return new PgbenchResult(rowBytes, number(output, "tps = ([0-9.]+)"),
                number(output, "latency average = ([0-9.]+) ms"), latency,
                (long) number(output, "number of transactions actually processed: ([0-9]+)"),
                (long) number(output, "number of failed transactions: ([0-9]+)"), loadBefore, loadAfter,
                "pgbench -n -c " + CLIENTS + " -j 2 -T " + PGBENCH_SECONDS + " -f insert.sql -l", output);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static String databaseName() {
        return ProcessCpu.databaseName(pg.url(), pg.user());
    }

    // ------------------------------------------------------------------------------------------------ the report

    private static String report(Phase warmUp, Phase m, Snapshot before, Snapshot after, DbStats dbAfter,
                                 Map<String, ServerTimer> serverBefore, Map<String, ServerTimer> serverAfter,
                                 EventSize eventSize,
                                 Map<String, String> pgSettings, PgbenchResult pgb) {
        StringBuilder md = new StringBuilder();
        Histogram all = m.stats.all();
        double commandsPerSecond = m.stats.okTotal() / m.seconds;
        double ratio = pgb.tps > 0 ? commandsPerSecond / pgb.tps : Double.NaN;
        double p99 = ms(all, 99);
        md.append("## Command throughput on PostgreSQL, ").append(Instant.now()).append("\n\n")
                .append(String.format(Locale.ROOT, "%d cores; load average (1/5/15 min) %s at the start of the "
                                + "measured phase, %s at its end, %s before pgbench. PostgreSQL %s "
                                + "(synchronous_commit=%s, fsync=%s, wal_sync_method=%s, commit_delay=%s, "
                                + "shared_buffers=%s). Both applications "
                                + "with the JVM's default flags. %d closed-loop HTTP clients, %d s warm-up, %d s "
                                + "measured; mix 20 %% creates, 50 %% binds, 30 %% unbinds.%n%n",
                        Runtime.getRuntime().availableProcessors(), before.loadAvg, after.loadAvg, pgb.loadAvgBefore,
                        pgSettings.get("server_version"), pgSettings.get("synchronous_commit"),
                        pgSettings.get("fsync"), pgSettings.get("wal_sync_method"), pgSettings.get("commit_delay"),
                        pgSettings.get("shared_buffers"), CLIENTS, WARMUP_SECONDS, SECONDS));

        md.append("### Registry commands over HTTP\n\n")
                .append("| command | requests | as expected | per second | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) "
                        + "| unexpected answers |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (Op op : Op.values()) {
            Histogram h = m.stats.latency.get(op);
            String label = switch (op) {
                case CREATE -> "create `POST /api/credentials` (201)";
                case BIND -> String.format(Locale.ROOT, "bind `PUT …/settings/{key}` (200; %d replacing)",
                        m.stats.replacing.get(op));
                case UNBIND -> "unbind `DELETE …/settings/{key}` (204)";
            };
            md.append(row(label, h, m.stats.ok.get(op), m.seconds, statuses(m.stats.unexpected.get(op))));
        }
        TreeMap<Integer, Long> allUnexpected = new TreeMap<>();
        m.stats.unexpected.values().forEach(u -> u.forEach((s, n) -> allUnexpected.merge(s, n, Long::sum)));
        md.append(row("**all**", all, m.stats.okTotal(), m.seconds, statuses(allUnexpected)));
        md.append(String.format(Locale.ROOT, "%nUnexpected answers: %d in the measured phase (%d of them 5xx, %d "
                        + "without an answer), %d in the warm-up (%d 5xx).%n", m.unexpected(),
                m.statusCount(s -> s >= 500), m.statusCount(s -> s == 0), warmUp.unexpected(),
                warmUp.statusCount(s -> s >= 500)));
        List<String> samples = new ArrayList<>(m.stats.samples);
        samples.addAll(warmUp.stats.samples);
        if (!samples.isEmpty()) {
            md.append("\nFirst unexpected answers:\n\n");
            samples.stream().limit(5).forEach(s -> md.append("- `").append(s.replace('`', '\'')).append("`\n"));
        }
        md.append(String.format(Locale.ROOT, "%nWarm-up: %s.%n", warmUp.summaryLine()));

        double eventSizeRow = eventSize.row;
        double eventSizePayload = eventSize.payload;
        double eventSizeMeta = eventSize.metaData;
        md.append("\n### pgbench on the same server, same database, registry stopped\n\n")
                .append("`").append(pgb.command).append("`: one `INSERT` of a ").append(pgb.rowBytes)
                .append(String.format(Locale.ROOT, "-byte bytea, a uuid text primary key and a timestamp per "
                        + "transaction: a row as large as the run's mean event row (%.0f bytes, of which %.0f payload "
                        + "and %.0f metadata).%n%n", eventSizeRow, eventSizePayload, eventSizeMeta))
                .append("| | transactions | per second | average (ms) | p50 (ms) | p99 (ms) | max (ms) | failed |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|\n")
                .append(String.format(Locale.ROOT, "| pgbench | %d | %.0f | %.2f | %.2f | %.2f | %.1f | %d |%n",
                        pgb.transactions, pgb.tps, pgb.latencyAverageMs, ms(pgb.latency, 50), ms(pgb.latency, 99),
                        pgb.latency.getMaxValue() / 1000.0, Math.max(0, pgb.failed)))
                .append(String.format(Locale.ROOT, "%nLoad average %s before pgbench, %s after.%n",
                        pgb.loadAvgBefore, pgb.loadAvgAfter));

        md.append("\n### Against the aim\n\n")
                .append("| | measured | aim | |\n|---|---:|---:|---|\n")
                .append(String.format(Locale.ROOT,
                        "| commands/s ÷ pgbench tps | %.0f ÷ %.0f = **%.3f** | ≥ 0.25 | %s |%n",
                        commandsPerSecond, pgb.tps, ratio, ratio >= 0.25 ? "met" : "**not met**"))
                .append(String.format(Locale.ROOT, "| p99 over all commands | **%.1f ms** | < 50 ms | %s |%n", p99,
                        p99 < 50 ? "met" : "**not met**"));

        md.append("\n### Where the time goes (measured phase)\n\n");
        double wall = (after.nanos - before.nanos) / 1e9;
        long okCommands = m.stats.okTotal();
        long machineTotal = after.machineTotalTicks - before.machineTotalTicks;
        double machineBusy = machineTotal == 0 ? 0
                : 100.0 * (after.machineBusyTicks - before.machineBusyTicks) / machineTotal;
        md.append(String.format(Locale.ROOT, "CPU over %.1f s (%d cores = %.0f core-seconds); the machine was "
                        + "%.0f %% busy.%n%n| part | core-seconds | share of the machine | CPU ms per command |%n"
                        + "|---|---:|---:|---:|%n", wall, Runtime.getRuntime().availableProcessors(),
                wall * Runtime.getRuntime().availableProcessors(), machineBusy));
        double capacity = wall * Runtime.getRuntime().availableProcessors();
        double known = 0;
        for (String part : after.cpuMillis.keySet()) {
            double used = (after.cpuMillis.get(part) - before.cpuMillis.getOrDefault(part, 0.0)) / 1000.0;
            known += used;
            md.append(String.format(Locale.ROOT, "| %s | %.1f | %.0f %% | %.2f |%n", part, used,
                    100 * used / capacity, okCommands == 0 ? 0 : used * 1000 / okCommands));
        }
        double busy = capacity * machineBusy / 100;
        md.append(String.format(Locale.ROOT, "| everything else on the machine | %.1f | %.0f %% | |%n",
                Math.max(0, busy - known), 100 * Math.max(0, busy - known) / capacity));

        DbStats db0 = before.db;
        md.append(String.format(Locale.ROOT, "%nDatabase work per command that succeeded (%d commands; counters of "
                + "this database read 11 s after the phase, so the query side's catch-up is included):%n%n",
                okCommands));
        md.append("| counter | total | per command |\n|---|---:|---:|\n");
        db0.database.forEach((k, v) -> {
            long d = dbAfter.database.getOrDefault(k, v) - v;
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f |%n", k, d, per(d, okCommands)));
        });
        long events = dbAfter.lastGlobalIndex - db0.lastGlobalIndex;
        md.append(String.format(Locale.ROOT, "| events appended (global index) | %d | %.2f |%n", events,
                per(events, okCommands)));
        db0.wal.forEach((k, v) -> {
            long d = dbAfter.wal.getOrDefault(k, v) - v;
            md.append(String.format(Locale.ROOT, "| %s (whole cluster) | %d | %.2f |%n", k, d, per(d, okCommands)));
        });
        md.append("\n| table | inserted | updated | deleted | writes per command | scans (index or sequential) "
                + "| scans per command |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, long[]> t : dbAfter.tables.entrySet()) {
            long[] b = db0.tables.getOrDefault(t.getKey(), new long[4]);
            long ins = t.getValue()[0] - b[0];
            long upd = t.getValue()[1] - b[1];
            long del = t.getValue()[2] - b[2];
            long scans = t.getValue()[3] - b[3];
            if (ins + upd + del + scans > 0) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %d | %.2f |%n", t.getKey(), ins,
                        upd, del, per(ins + upd + del, okCommands), scans, per(scans, okCommands)));
            }
        }
        md.append(String.format(Locale.ROOT, "%nThe applications' own timers over the phase (client-side mean "
                + "latency: %.2f ms):%n%n| timer | count | mean (ms) | total (ms) |%n|---|---:|---:|---:|%n",
                all.getMean() / 1000.0));
        serverAfter.forEach((name, t) -> {
            ServerTimer b = serverBefore.get(name);
            if (b != null && t.count > b.count) {
                double n = t.count - b.count;
                double totalMillis = (t.totalSeconds - b.totalSeconds) * 1000;
                md.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.0f |%n", name, n, totalMillis / n,
                        totalMillis));
            }
        });
        md.append(String.format(Locale.ROOT, "%nEvents: %.0f bytes payload + %.0f bytes metadata on average (row "
                + "%.0f bytes); by type over the whole run: %s.%n", eventSize.payload, eventSize.metaData,
                eventSize.row, eventSize.byType));
        return md.toString();
    }

    private static double per(long value, long commands) {
        return commands == 0 ? 0 : (double) value / commands;
    }

    private static String row(String label, Histogram h, long ok, double seconds, String unexpected) {
        return String.format(Locale.ROOT, "| %s | %d | %d | %.0f | %.1f | %.1f | %.1f | %.1f | %s |%n", label,
                h.getTotalCount(), ok, ok / seconds, ms(h, 50), ms(h, 90), ms(h, 99), h.getMaxValue() / 1000.0,
                unexpected);
    }

    private static String statuses(Map<Integer, Long> unexpected) {
        if (unexpected.isEmpty()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        unexpected.forEach((status, n) -> s.append(s.length() == 0 ? "" : ", ")
                .append(status == 0 ? "no answer" : Integer.toString(status)).append(": ").append(n));
        return s.toString();
    }

    private static String abbreviate(String s) {
        return s == null || s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

}
