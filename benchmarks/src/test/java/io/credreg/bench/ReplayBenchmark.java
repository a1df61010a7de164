package io.credreg.bench;

import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.RegistryEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A benchmark, not a test: how fast a replay rebuilds all read models on PostgreSQL, in events per second, against
 * a plain JDBC scan that reads and parses the same event rows in the same run (the ceiling).
 * <p>
 * Run it with {@code bench/postgres ReplayBenchmark} (or {@code bench/replay}), which prepares PostgreSQL and runs
 * {@code ./mvnw -B verify -Pbenchmark -Dit.test=ReplayBenchmark}. It drops and recreates schema {@code public} of the
 * database in {@code REGISTRY_E2E_PG_URL}. Knob: {@code -Dbench.events=1000000}.
 * <p>
 * The history is written by {@link EventHistory}: real rows from one credential's life through HTTP, copied as
 * templates into about {@code events / 100} realistic lives. The registry is restarted (so nothing is cached), every
 * processor is replayed over {@code POST /api/admin/processors/{name}/replay}, and the clock runs from the first
 * replay request until all report lag 0 and no replay.
 */
class ReplayBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RegistryEnvironment registry;
    private static Database.PgSettings pg;

    @BeforeAll
    static void start() {
        pg = EventHistory.requirePostgres("ReplayBenchmark");
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
    void replayEventsPerSecondAgainstAPlainScan() throws Exception {
        EventHistory.Written written = EventHistory.writeFromARealHistory(registry, pg, EVENTS);
        EventHistory.Generated generated = written.generated();
        double insertSeconds = written.insertSeconds();
        long total = registry.eventCount();

        // The ceiling first, on a cold JVM like the replay's, and without the registry competing for the CPUs.
        Scan scan = scan();
        Bench.log(String.format(Locale.ROOT, "plain scan: %,d events in %.1f s = %,.0f events/s", scan.events,
                scan.seconds, scan.events / scan.seconds));

        registry.restart();
        // a fresh process starts where its tokens are: at the templates
        QuerySideProcessors.awaitCaughtUp(registry, Duration.ofHours(2), null);
        long replayStart = System.nanoTime();
        for (String processor : QuerySideProcessors.ALL) {
            registry.api().query("POST", "/api/admin/processors/" + processor + "/replay").send().expect(202);
        }
        QuerySideProcessors.awaitCaughtUp(registry, Duration.ofHours(2), Duration.ofSeconds(10));
        double replaySeconds = Bench.seconds(replayStart);
        registry.checkAlive();
        Bench.log(String.format(Locale.ROOT, "replay: %,d events in %.1f s = %,.0f events/s", total, replaySeconds,
                total / replaySeconds));
        String counts = readModelCounts();
        String report = report(generated, insertSeconds, total, replaySeconds, scan, counts);
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks", "replay.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        Bench.log("written to " + out.toAbsolutePath());
        System.out.println(report);
    }

    // --------------------------------------------------------------------------------------------------- ceiling

    private record Scan(long events, double seconds) {
    }

    /**
     * Reads every row in global order, 1,000 at a time, and parses payload (into the event record class, loaded
     * from the shared-api inside the command side's jar) and metadata, as the processors' serializer does.
     */
    private static Scan scan() throws Exception {
        ClassLoader events = sharedApiClassLoader();
        Map<String, Class<?>> classes = new HashMap<>();
        long count = 0;
        long checksum = 0;
        long t0 = System.nanoTime();
        try (Connection c = pg.connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(1000);
                try (ResultSet rs = s.executeQuery("select global_index, aggregate_identifier, sequence_number, "
                        + "event_identifier, payload_type, payload, meta_data, time_stamp from domain_event_entry "
                        + "order by global_index")) {
                    while (rs.next()) {
                        Class<?> type = classes.computeIfAbsent(rs.getString(5), name -> load(events, name));
                        Object payload = JSON.readValue(rs.getBytes(6), type);
                        JsonNode meta = JSON.readTree(rs.getBytes(7));
                        checksum += rs.getLong(1) + rs.getString(2).length() + rs.getLong(3)
                                + rs.getString(4).length() + Instant.parse(rs.getString(8)).getNano()
                                + payload.hashCode() + meta.size();
                        count++;
                    }
                }
            }
            c.commit();
        }
        double s = Bench.seconds(t0);
        Bench.log("scan checksum " + checksum);
        return new Scan(count, s);
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("event class " + name + " not in shared-api", e);
        }
    }

    private static ClassLoader sharedApiClassLoader() throws Exception {
        Path root = Path.of(System.getProperty("registry.root", "..")).toAbsolutePath().normalize();
        String version = System.getProperty("registry.version", "0.1.0-SNAPSHOT");
        Path jar = root.resolve("command-side/target/command-side-" + version + ".jar");
        Path out = Files.createTempFile("shared-api", ".jar");
        out.toFile().deleteOnExit();
        try (JarFile fat = new JarFile(jar.toFile())) {
            JarEntry entry = fat.stream().filter(e -> e.getName().matches("BOOT-INF/lib/shared-api-.*\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no shared-api in " + jar));
            try (InputStream in = fat.getInputStream(entry)) {
                Files.copy(in, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return new URLClassLoader(new URL[]{out.toUri().toURL()}, ReplayBenchmark.class.getClassLoader());
    }

    private static String readModelCounts() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (String table : List.of("qr_credential", "qr_binding", "qr_history_entry", "qr_audit_entry")) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    out.append(String.format(Locale.ROOT, "%s %,d; ", table, rs.getLong(1)));
                }
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------- report

    private static String report(EventHistory.Generated generated, double insertSeconds, long total, double replaySeconds,
                                 Scan scan, String counts) {
        double replayRate = total / replaySeconds;
        double scanRate = scan.events / scan.seconds;
        StringBuilder md = new StringBuilder();
        md.append("# Replay throughput on PostgreSQL\n\n");
        md.append(String.format(Locale.ROOT, "%s, %d CPUs; %,d events (%,d generated for %,d credentials, "
                        + "inserted in %.1f s; mix %s)%n%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                total, generated.events(), generated.credentials(), insertSeconds, generated.perKind()));
        md.append("| measurement | events | seconds | events/s |\n|---|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT,
                "| replay of all %d processors (%s), request to lag 0 | %,d | %.1f | %,.0f |%n",
                QuerySideProcessors.ALL.size(), "`" + String.join("`, `", QuerySideProcessors.ALL) + "`", total,
                replaySeconds, replayRate));
        md.append(String.format(Locale.ROOT, "| plain JDBC scan + Jackson parse (ceiling) | %,d | %.1f | %,.0f |%n",
                scan.events, scan.seconds, scanRate));
        md.append(String.format(Locale.ROOT, "%nReplay / ceiling: %.1f %%. Aim: 20,000 events/s (%s).%n%n",
                100 * replayRate / scanRate, replayRate >= 20_000 ? "met" : "not met"));
        md.append("Read models after the replay: ").append(counts).append("\n");
        return md.toString();
    }
}
