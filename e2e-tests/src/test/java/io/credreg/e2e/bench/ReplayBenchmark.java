package io.credreg.e2e.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.RegistryEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
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
 * The events are real rows, written much faster than HTTP could: one credential's life is first driven through the
 * command side's HTTP API (create, rename, rotate, bind, unbind, delete with its cascade), and its rows are the
 * templates. Then about {@code events / 100} credentials get realistic lives (binds, unbinds, rotations, renames, a
 * few deletions with cascades) as rows copied from those templates with their identifiers, sequence numbers and
 * metadata replaced, inserted by JDBC batches with gapless sequence numbers per aggregate and global indexes from the
 * table's sequence. The registry is restarted (so nothing is cached), both processors are replayed over
 * {@code POST /api/admin/processors/{name}/replay}, and the clock runs from the first replay request until both
 * report lag 0 and no replay.
 */
class ReplayBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final int EVENTS_PER_CREDENTIAL = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String[] PROCESSORS = {"credentials", "credential-history"};

    static RegistryEnvironment registry;
    static Database.PgSettings pg;

    @BeforeAll
    static void start() {
        pg = requirePostgres();
        System.setProperty(RegistryEnvironment.PRODUCTION_JVM, "true");
        registry = RegistryEnvironment.start(Database.POSTGRES);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.stop();
        }
    }

    private static Database.PgSettings requirePostgres() {
        String url = System.getenv("REGISTRY_E2E_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("ReplayBenchmark needs PostgreSQL: set REGISTRY_E2E_PG_URL, "
                    + "REGISTRY_E2E_PG_USER and REGISTRY_E2E_PG_PASSWORD, or run bench/postgres ReplayBenchmark. "
                    + "The benchmark drops and recreates schema public of that database.");
        }
        String user = Optional.ofNullable(System.getenv("REGISTRY_E2E_PG_USER")).orElse("registry");
        String password = Optional.ofNullable(System.getenv("REGISTRY_E2E_PG_PASSWORD")).orElse("");
        return new Database.PgSettings(url, user, password);
    }

    @Test
    void replayEventsPerSecondAgainstAPlainScan() throws Exception {
        Map<String, Template> templates = templatesFromARealHistory();
        registry.stop();

        long t0 = System.nanoTime();
        Generated generated = generate(templates);
        double insertSeconds = seconds(t0);
        log(String.format(Locale.ROOT, "inserted %,d events of %,d credentials in %.1f s", generated.events,
                generated.credentials, insertSeconds));
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("vacuum analyze domain_event_entry");
        }
        long total = registry.eventCount();

        // The ceiling first, on a cold JVM like the replay's, and without the registry competing for the CPUs.
        Scan scan = scan();
        log(String.format(Locale.ROOT, "plain scan: %,d events in %.1f s = %,.0f events/s", scan.events,
                scan.seconds, scan.events / scan.seconds));

        registry.restart();
        awaitCaughtUp(Duration.ofHours(2), false); // a fresh process starts where its tokens are: at the templates
        long replayStart = System.nanoTime();
        for (String processor : PROCESSORS) {
            registry.api().query("POST", "/api/admin/processors/" + processor + "/replay").send().expect(202);
        }
        awaitCaughtUp(Duration.ofHours(2), true);
        double replaySeconds = seconds(replayStart);
        registry.checkAlive();
        log(String.format(Locale.ROOT, "replay: %,d events in %.1f s = %,.0f events/s", total, replaySeconds,
                total / replaySeconds));
        String counts = readModelCounts();
        String report = report(generated, insertSeconds, total, replaySeconds, scan, counts);
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks", "replay.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println("[bench] written to " + out.toAbsolutePath());
        System.out.println(report);
    }

    // ------------------------------------------------------------------------------------------ the real history

    record Template(String type, String payloadType, String payloadRevision, ObjectNode payload,
                            ObjectNode metaData) {
    }

    /** One credential's life through HTTP; its rows, one per event kind (and per unbind reason), are the models. */
    static Map<String, Template> templatesFromARealHistory() throws Exception {
        Api api = registry.api();
        String id = api.command("POST", "/api/credentials").json("name", "replay template", "provider", "openai",
                "secret", "sk-" + UUID.randomUUID()).send().expect(201).text("id");
        api.command("PATCH", "/api/credentials/" + id).json("name", "replay template renamed").send().expect(200);
        api.command("PUT", "/api/credentials/" + id + "/secret").json("secret", "sk-" + UUID.randomUUID())
                .send().expect(200);
        for (String key : List.of("openai.a", "openai.b")) {
            api.command("PUT", "/api/instances/replay-template/settings/" + key).json("credentialId", id)
                    .send().expect(200);
        }
        api.command("DELETE", "/api/instances/replay-template/settings/openai.a").send().expect(204);
        api.command("DELETE", "/api/credentials/" + id).send().expect(200);

        Map<String, Template> templates = new LinkedHashMap<>();
        try (Connection c = pg.connect(); PreparedStatement ps = c.prepareStatement("""
                select type, payload_type, payload_revision, payload, meta_data from domain_event_entry
                where aggregate_identifier = ? order by sequence_number""")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode payload = (ObjectNode) JSON.readTree(rs.getBytes(4));
                    String kind = simpleName(rs.getString(2))
                            + (payload.has("reason") ? ":" + payload.get("reason").asString() : "");
                    templates.putIfAbsent(kind, new Template(rs.getString(1), rs.getString(2), rs.getString(3),
                            payload, (ObjectNode) JSON.readTree(rs.getBytes(5))));
                }
            }
        }
        log("templates from credential " + id + ": " + templates.keySet());
        for (String kind : List.of("CredentialCreated", "CredentialRenamed", "CredentialSecretRotated",
                "CredentialDeleted", "SettingBound", "SettingUnbound:REQUESTED",
                "SettingUnbound:CREDENTIAL_DELETED")) {
            if (!templates.containsKey(kind)) {
                throw new IllegalStateException("no template row for " + kind + ": " + templates.keySet());
            }
        }
        return templates;
    }

    // ------------------------------------------------------------------------------------------------ generation

    record Generated(long events, int credentials, Map<String, Long> perKind) {
    }

    /** One event to write: its template kind and what differs from the template. */
    private record Planned(String kind, Map<String, Object> fields, String causation) {
    }

    static Generated generate(Map<String, Template> templates) throws Exception {
        int credentials = Math.max(1, EVENTS / EVENTS_PER_CREDENTIAL);
        SplittableRandom random = new SplittableRandom(42);
        Map<String, Long> perKind = new LinkedHashMap<>();
        String url = pg.url() + (pg.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        long written = 0;
        try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password())) {
            c.setAutoCommit(false);
            long next;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select coalesce(max(global_index), 0) + 1 from domain_event_entry")) {
                rs.next();
                next = rs.getLong(1);
            }
            Instant clock = Instant.parse(LocalDate.now().minusDays(400) + "T00:00:00Z");
            try (PreparedStatement insert = c.prepareStatement("""
                    insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                        event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                // Credentials live side by side: 100 at a time, their events interleaved as real traffic would be.
                int block = 100;
                int pending = 0;
                for (int first = 0; first < credentials; first += block) {
                    List<List<Planned>> lives = new ArrayList<>();
                    List<String> ids = new ArrayList<>();
                    for (int i = first; i < Math.min(credentials, first + block); i++) {
                        ids.add(UUID.randomUUID().toString());
                        lives.add(life(i, random));
                    }
                    int[] cursor = new int[lives.size()];
                    String[] lastEventId = new String[lives.size()];
                    boolean any = true;
                    while (any) {
                        any = false;
                        for (int k = 0; k < lives.size(); k++) {
                            int burst = 1 + random.nextInt(4);
                            for (int b = 0; b < burst && cursor[k] < lives.get(k).size(); b++) {
                                any = true;
                                Planned p = lives.get(k).get(cursor[k]);
                                Template t = templates.get(p.kind);
                                ObjectNode payload = t.payload.deepCopy();
                                payload.put("credentialId", ids.get(k));
                                p.fields.forEach((name, value) -> {
                                    if (payload.has(name)) {
                                        if (value instanceof Integer n) {
                                            payload.put(name, n);
                                        } else {
                                            payload.put(name, value.toString());
                                        }
                                    }
                                });
                                String eventId = UUID.randomUUID().toString();
                                ObjectNode meta = t.metaData.deepCopy();
                                String request = p.causation == null ? UUID.randomUUID().toString() : null;
                                if (meta.has("correlationId")) {
                                    meta.put("correlationId", request != null ? request
                                            : meta.get("correlationId").asString());
                                }
                                if (meta.has("causationId")) {
                                    meta.put("causationId", p.causation != null ? lastEventId[k]
                                            : UUID.randomUUID().toString());
                                }
                                clock = clock.plusMillis(1 + random.nextInt(50));
                                insert.setLong(1, next++);
                                insert.setString(2, ids.get(k));
                                insert.setLong(3, cursor[k]);
                                insert.setString(4, t.type);
                                insert.setString(5, eventId);
                                insert.setString(6, t.payloadType);
                                insert.setString(7, t.payloadRevision);
                                insert.setBytes(8, JSON.writeValueAsBytes(payload));
                                insert.setBytes(9, JSON.writeValueAsBytes(meta));
                                insert.setString(10, clock.toString());
                                insert.addBatch();
                                if (!p.kind.startsWith("SettingUnbound:CREDENTIAL_DELETED")) {
                                    lastEventId[k] = eventId;
                                }
                                perKind.merge(p.kind, 1L, Long::sum);
                                cursor[k]++;
                                written++;
                                if (++pending == 1000) {
                                    insert.executeBatch();
                                    pending = 0;
                                }
                            }
                        }
                    }
                    insert.executeBatch();
                    pending = 0;
                    c.commit();
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("select setval('domain_event_entry_seq', " + next + ")");
            }
            c.commit();
        }
        return new Generated(written, credentials, perKind);
    }

    /**
     * About 100 events: created, then binds (about 60 %), unbinds of bound settings (about 25 %), rotations and
     * renames; one credential in 20 is deleted at the end, with one cascade unbind per binding it still had.
     */
    private static List<Planned> life(int n, SplittableRandom random) {
        List<Planned> events = new ArrayList<>();
        int version = 1;
        events.add(new Planned("CredentialCreated", Map.of("name", "replay key " + n, "secretVersion", 1,
                "fingerprint", "fp-" + UUID.randomUUID()), null));
        List<String[]> bound = new ArrayList<>();
        int serial = 0;
        boolean deleted = n % 20 == 7;
        int target = EVENTS_PER_CREDENTIAL - 1 - (deleted ? 1 : 0);
        while (events.size() < target - (deleted ? bound.size() : 0)) {
            int roll = random.nextInt(100);
            if (roll < 60 || bound.isEmpty()) {
                String[] slot = {"replay-wa-" + random.nextInt(5_000), "openai.bot." + (serial++)};
                bound.add(slot);
                events.add(new Planned("SettingBound", Map.of("instanceId", slot[0], "settingKey", slot[1]), null));
            } else if (roll < 85) {
                String[] slot = bound.remove(random.nextInt(bound.size()));
                events.add(new Planned("SettingUnbound:REQUESTED",
                        Map.of("instanceId", slot[0], "settingKey", slot[1]), null));
            } else if (roll < 95) {
                version++;
                events.add(new Planned("CredentialSecretRotated", Map.of("secretVersion", version,
                        "fingerprint", "fp-" + UUID.randomUUID()), null));
            } else {
                events.add(new Planned("CredentialRenamed", Map.of("name", "replay key " + n + " r" + events.size(),
                        "newName", "replay key " + n + " r" + events.size()), null));
            }
        }
        if (deleted) {
            events.add(new Planned("CredentialDeleted", Map.of("secretVersion", version), null));
            for (String[] slot : bound) {
                events.add(new Planned("SettingUnbound:CREDENTIAL_DELETED",
                        Map.of("instanceId", slot[0], "settingKey", slot[1]), "deletion"));
            }
        }
        return events;
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
        double s = seconds(t0);
        log("scan checksum " + checksum);
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

    // --------------------------------------------------------------------------------------------------- waiting

    /** Every processor listed (the replayed ones, and any other such as the audit chain) at lag 0. */
    static void awaitCaughtUp(Duration timeout, boolean report) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLog = 0;
        while (System.nanoTime() < deadline) {
            registry.checkAlive();
            Api.Response r = registry.api().get("/api/admin/processors");
            if (r.status() == 200) {
                JsonNode list = r.json();
                boolean done = list.size() >= PROCESSORS.length;
                StringBuilder line = new StringBuilder();
                for (JsonNode p : list) {
                    done &= "running".equals(p.path("status").asString()) && !p.path("replaying").asBoolean()
                            && p.path("lag").isNumber() && p.path("lag").asLong() == 0;
                    line.append(p.path("name").asString()).append(" position ").append(p.path("position"))
                            .append(" lag ").append(p.path("lag")).append("; ");
                }
                if (done) {
                    return;
                }
                if (report && System.nanoTime() - lastLog > 10_000_000_000L) {
                    log(line.toString());
                    lastLog = System.nanoTime();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("processors not caught up within " + timeout + "\n" + registry.logTails(60));
    }

    private static String readModelCounts() throws SQLException {
        StringBuilder out = new StringBuilder();
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (String table : List.of("qr_credential", "qr_binding", "qr_history_entry")) {
                try (ResultSet rs = s.executeQuery("select count(*) from " + table)) {
                    rs.next();
                    out.append(String.format(Locale.ROOT, "%s %,d; ", table, rs.getLong(1)));
                }
            }
        }
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------- report

    private static String report(Generated generated, double insertSeconds, long total, double replaySeconds,
                                 Scan scan, String counts) {
        double replayRate = total / replaySeconds;
        double scanRate = scan.events / scan.seconds;
        StringBuilder md = new StringBuilder();
        md.append("# Replay throughput on PostgreSQL\n\n");
        md.append(String.format(Locale.ROOT, "%s, %d CPUs; %,d events (%,d generated for %,d credentials, "
                        + "inserted in %.1f s; mix %s)%n%n", Instant.now(), Runtime.getRuntime().availableProcessors(),
                total, generated.events, generated.credentials, insertSeconds, generated.perKind));
        md.append("| measurement | events | seconds | events/s |\n|---|---:|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| replay of both processors (`credentials`, `credential-history`), "
                + "request to lag 0 | %,d | %.1f | %,.0f |%n", total, replaySeconds, replayRate));
        md.append(String.format(Locale.ROOT, "| plain JDBC scan + Jackson parse (ceiling) | %,d | %.1f | %,.0f |%n",
                scan.events, scan.seconds, scanRate));
        md.append(String.format(Locale.ROOT, "%nReplay / ceiling: %.1f %%. Aim: 20,000 events/s (%s).%n%n",
                100 * replayRate / scanRate, replayRate >= 20_000 ? "met" : "not met"));
        md.append("Read models after the replay: ").append(counts).append("\n");
        return md.toString();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
