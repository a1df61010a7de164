package io.credreg.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.RegistryEnvironment;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * A large, realistic event history written straight into PostgreSQL, for the benchmarks that need one
 * ({@link ReplayBenchmark}, {@link AuditBenchmark}).
 * <p>
 * The events are real rows, written much faster than HTTP could: one credential's life is first driven through the
 * command side's HTTP API (create, rename, rotate, bind, unbind, delete with its cascade), and its rows are the
 * templates. Then about {@code events / 100} credentials get realistic lives (binds, unbinds, rotations, renames, a
 * few deletions with cascades) as rows copied from those templates with their identifiers, sequence numbers and
 * metadata replaced, inserted by JDBC batches with gapless sequence numbers per aggregate and global indexes from the
 * table's sequence. Each request (and so each event but a cascade's unbinds) is made by one of {@link #ACTORS}, and
 * the events are 1 to 50 ms apart, starting 400 days ago.
 */
final class EventHistory {

    static final int EVENTS_PER_CREDENTIAL = 100;
    /** Settings of instances {@code replay-wa-0} to {@code replay-wa-4999} are bound. */
    static final int INSTANCES = 5_000;
    /** Who makes the requests of the generated history: 50 administrators. */
    static final List<String> ACTORS = IntStream.range(0, 50).mapToObj(i -> String.format("admin-%02d", i)).toList();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private EventHistory() {
    }

    /**
     * A connection, retried for up to a minute: on a PostgreSQL shared with other test runs the connection slots
     * can run out for a moment.
     */
    /** The PostgreSQL a benchmark runs on, from the environment; a benchmark without one cannot run at all. */
    static Database.PgSettings requirePostgres(String benchmark) {
        String url = System.getenv("REGISTRY_E2E_PG_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(benchmark + " needs PostgreSQL: set REGISTRY_E2E_PG_URL, "
                    + "REGISTRY_E2E_PG_USER and REGISTRY_E2E_PG_PASSWORD, or run bench/postgres " + benchmark + ". "
                    + "The benchmark drops and recreates schema public of that database.");
        }
        String user = java.util.Optional.ofNullable(System.getenv("REGISTRY_E2E_PG_USER")).orElse("registry");
        String password = java.util.Optional.ofNullable(System.getenv("REGISTRY_E2E_PG_PASSWORD")).orElse("");
        return new Database.PgSettings(url, user, password);
    }

    static Connection connect(String url, String user, String password) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(url, user, password);
            } catch (java.sql.SQLException e) {
                if (attempt == 60 || !String.valueOf(e.getMessage()).contains("connection slots")) {
                    throw e;
                }
                Bench.log("no PostgreSQL connection slot free; retrying in 1 s");
                Thread.sleep(1_000);
            }
        }
    }

    static Connection connect(Database.PgSettings pg) throws Exception {
        return connect(pg.url(), pg.user(), pg.password());
    }

    // ------------------------------------------------------------------------------------------ the real history

    record Template(String type, String payloadType, String payloadRevision, ObjectNode payload,
                            ObjectNode metaData) {
    }

    /** One credential's life through HTTP; its rows, one per event kind (and per unbind reason), are the models. */
    static Map<String, Template> templatesFromARealHistory(Api api, Database.PgSettings pg) throws Exception {
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
        try (Connection c = connect(pg); PreparedStatement ps = c.prepareStatement("""
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
        Bench.log("templates from credential " + id + ": " + templates.keySet());
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

    /** What was written: events, credentials, and events per kind. */
    record Generated(long events, int credentials, Map<String, Long> perKind) {
    }

    /** A generated history and how long writing it took. */
    record Written(Generated generated, double insertSeconds) {
    }

    /**
     * Takes the templates from a real history made through the running registry, stops the registry, writes
     * {@code events} generated events and analyzes the table (a bulk load leaves the planner without statistics).
     */
    static Written writeFromARealHistory(RegistryEnvironment registry, Database.PgSettings pg, int events)
            throws Exception {
        Map<String, Template> templates = templatesFromARealHistory(registry.api(), pg);
        registry.stop();
        long start = System.nanoTime();
        Generated generated = generate(pg, templates, events);
        double insertSeconds = Bench.seconds(start);
        Bench.log(String.format(Locale.ROOT, "inserted %,d events of %,d credentials in %.1f s", generated.events(),
                generated.credentials(), insertSeconds));
        try (Connection c = connect(pg); Statement s = c.createStatement()) {
            s.execute("vacuum analyze domain_event_entry");
        }
        return new Written(generated, insertSeconds);
    }

    /** One event to write: its template kind and what differs from the template. */
    private record Planned(String kind, Map<String, Object> fields, String causation) {
    }

    static Generated generate(Database.PgSettings pg, Map<String, Template> templates, int events)
            throws Exception {
        int credentials = Math.max(1, events / EVENTS_PER_CREDENTIAL);
        SplittableRandom random = new SplittableRandom(42);
        // Actors from a random stream of their own, so that the lives themselves stay what they always were.
        SplittableRandom actors = new SplittableRandom(7);
        Map<String, Long> perKind = new LinkedHashMap<>();
        String url = pg.url() + (pg.url().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        long written = 0;
        try (Connection c = connect(url, pg.user(), pg.password())) {
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
                    String[] lastActor = new String[lives.size()];
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
                                if (request != null) {
                                    lastActor[k] = ACTORS.get(actors.nextInt(ACTORS.size()));
                                }
                                if (meta.has("actor")) {
                                    meta.put("actor", lastActor[k]); // a cascade's unbinds: the deletion's actor
                                }
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
                String[] slot = {"replay-wa-" + random.nextInt(INSTANCES), "openai.bot." + (serial++)};
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

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
