package io.credreg.e2e.postgres;

import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.opentest4j.TestAbortedException;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Cluster;
import io.credreg.e2e.support.Cluster.Kind;
import io.credreg.e2e.support.Cluster.Node;
import io.credreg.e2e.support.Environments;
import io.credreg.e2e.support.Eventually;
import io.credreg.e2e.support.Ids;
import tools.jackson.databind.JsonNode;

/**
 * The production shape: two command-side and two query-side processes over one PostgreSQL event store. Concurrent,
 * deliberately conflicting traffic at both command nodes; then: no 5xx, no event lost or duplicated, every accepted
 * request left its events and every refused one none, invariants 1 and 2 at rest, the query processors' segments
 * split over both query nodes, both query nodes answer alike, and a query node rebuilt from scratch by replay
 * answers exactly as they did. Runs last (it stops the shared PostgreSQL registry of the other classes).
 * <p>
 * One cluster serves the whole class; each check is a step of its own (one {@code @Test}, in order), so a failure
 * names the step. A step builds on what the earlier ones left, so after a failure the later steps are skipped.
 */
@Order(90)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiNodePostgresIT {

    private static final int THREADS = 16;
    private static final int REQUESTS = Integer.getInteger("registry.e2e.multinode.requests", 2000);
    private static final long TRAFFIC_SECONDS = Long.getLong("registry.e2e.multinode.traffic-seconds", 75);
    private static final long CATCH_UP_SECONDS = Long.getLong("registry.e2e.multinode.catch-up-seconds", 90);
    private static final List<String> QUERY_PROCESSORS = List.of("credentials", "credential-history", "audit");
    /** Every processor of the query side, with its segments: 2 each, and 1 for the audit chain (9 in all). */
    private static final Map<String, Integer> SEGMENTS = Map.of("credentials", 2, "credential-history", 2,
            "audit", 2, "api-tokens", 2, "audit-chain", 1);
    private static final int ALL_SEGMENTS = SEGMENTS.values().stream().mapToInt(Integer::intValue).sum();

    private final String run = Ids.random(5);
    private final long testStart = System.nanoTime();
    private final Map<String, Object> summary = new LinkedHashMap<>();

    private Cluster cluster;
    private TestAbortedException skipped;
    private Node commandA;
    private Node commandB;
    private Node queryA;
    private Node queryB;
    private Api apiA;
    private Api apiB;
    private final ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);

    @BeforeAll
    void startCluster() {
        // The other PostgreSQL classes share one registry on this database; it must not run under a schema reset.
        Environments.stopCurrent();
        try {
            cluster = Cluster.onFreshPostgres();
        } catch (TestAbortedException e) {
            // reported per test (as skipped), like the other PostgreSQL classes, rather than as an empty class
            skipped = e;
            return;
        }
        long t0 = System.nanoTime();
        List<Node> started = cluster.start(2, 2, Map.of(), Map.of());
        commandA = started.get(0);
        commandB = started.get(1);
        queryA = started.get(2);
        queryB = started.get(3);
        apiA = cluster.api(commandA, queryA);
        apiB = cluster.api(commandB, queryB);
        summary.put("cluster start (s)", seconds(System.nanoTime() - t0));
        log("cluster up: " + cluster.nodes());
    }

    /** The first step that failed: the later ones are skipped, not failed for its reason. */
    private volatile String failedStep;

    @RegisterExtension
    final TestWatcher firstFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (failedStep == null) {
                failedStep = context.getDisplayName();
                log("step \"" + failedStep + "\" failed; node logs follow\n" + cluster.logTails(60));
            }
        }
    };

    @BeforeEach
    void skipWhenUnavailable() {
        if (skipped != null) {
            throw new TestAbortedException(skipped.getMessage());
        }
        assumeTrue(failedStep == null, () -> "skipped: the earlier step \"" + failedStep + "\" failed");
    }

    @AfterAll
    void stopCluster() {
        if (skipped == null) {
            writeSummary();
        }
        pool.shutdownNow();
        if (cluster != null) {
            cluster.close();
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Traffic

    /** One request that was sent, and its answer. */
    record Sent(String op, String node, String requestId, String method, String path, String credentialId,
                String instanceId, String settingKey, int status, String contentType, JsonNode json, String body,
                long sentAt, long answeredAt) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return op + " " + method + " " + path + " on " + node + " [" + requestId + "] -> " + status + " "
                    + contentType + " " + (body == null ? "" : body.length() > 500 ? body.substring(0, 500) : body);
        }
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger requestCounter = new AtomicInteger();
    private final List<String> openaiPool = new CopyOnWriteArrayList<>();
    private final List<String> difyPool = new CopyOnWriteArrayList<>();
    private final Set<String> deletedIds = ConcurrentHashMap.newKeySet();
    private final Set<String> instances = ConcurrentHashMap.newKeySet();
    private final AtomicInteger deletions = new AtomicInteger();
    private final AtomicBoolean victimDeleted = new AtomicBoolean();
    private volatile long victimDeletedAt = Long.MAX_VALUE;
    private String hot;
    private List<String> rivals;
    private String victim;

    private Sent send(Api api, String nodeName, String op, String method, String path, String credentialId,
                      String instanceId, String settingKey, Object... json) {
        String requestId = "mn-" + run + "-" + requestCounter.incrementAndGet();
        Api.Call call = api.command(method, path).as("mn-" + nodeName).requestId(requestId);
        if (json.length > 0) {
            call.json(json);
        }
        long t0 = System.nanoTime();
        Api.Response r;
        try {
            r = call.send();
        } catch (AssertionError e) {
            failures.add(op + " " + method + " " + path + " on " + nodeName + ": no answer: " + e.getMessage());
            return null;
        }
        JsonNode body = null;
        if (r.body() != null && !r.body().isBlank()) {
            try {
                body = r.json();
            } catch (AssertionError e) {
                failures.add("not JSON: " + r);
            }
        }
        Sent s = new Sent(op, nodeName, requestId, method, path, credentialId, instanceId, settingKey, r.status(),
                r.contentType(), body, r.body(), t0, System.nanoTime());
        sent.add(s);
        if (r.status() >= 500) {
            failures.add("5xx: " + s);
        } else if (r.status() >= 400) {
            if (!r.contentType().startsWith("application/problem+json")) {
                failures.add("a 4xx that is no problem+json: " + s);
            } else if (!Set.of(404, 409, 410).contains(r.status())) {
                failures.add("an unexpected 4xx: " + s);
            }
        }
        return s;
    }

    private Sent create(Api api, String node, String provider, List<String> into) {
        Sent s = send(api, node, "create", "POST", "/api/credentials", null, null, null,
                "name", Ids.name("MN " + provider), "provider", provider, "secret", Ids.secret());
        if (s != null && s.status() == 201) {
            into.add(text(s.json(), "id"));
        }
        return s;
    }

    private Sent bind(Api api, String node, String instance, String key, String credential) {
        instances.add(instance);
        return send(api, node, "bind", "PUT", "/api/instances/" + instance + "/settings/" + key, credential,
                instance, key, "credentialId", credential);
    }

    private Sent unbind(Api api, String node, String instance, String key) {
        instances.add(instance);
        return send(api, node, "unbind", "DELETE", "/api/instances/" + instance + "/settings/" + key, null,
                instance, key);
    }

    private Sent rename(Api api, String node, String credential) {
        return send(api, node, "rename", "PATCH", "/api/credentials/" + credential, credential, null, null,
                "name", Ids.name("MN renamed"));
    }

    private Sent rotate(Api api, String node, String credential) {
        return send(api, node, "rotate", "PUT", "/api/credentials/" + credential + "/secret", credential, null, null,
                "secret", Ids.secret());
    }

    private Sent delete(Api api, String node, String credential) {
        Sent s = send(api, node, "delete", "DELETE", "/api/credentials/" + credential, credential, null, null);
        if (s != null && s.status() == 200) {
            deletedIds.add(credential);
        }
        return s;
    }

    private static <T> T pick(List<T> list) {
        return list.get(ThreadLocalRandom.current().nextInt(list.size()));
    }

    private void setUpFixtures() {
        for (int i = 0; i < 24; i++) {
            Api api = i % 2 == 0 ? apiA : apiB;
            create(api, i % 2 == 0 ? "A" : "B", i % 3 == 0 ? "dify" : "openai", i % 3 == 0 ? difyPool : openaiPool);
        }
        List<String> hotOnes = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            create(apiA, "A", "openai", hotOnes);
        }
        assertThat(hotOnes).as("fixtures: %s", failures).hasSize(4);
        hot = hotOnes.get(0);
        rivals = List.of(hotOnes.get(1), hotOnes.get(2));
        victim = hotOnes.get(3);
        for (int i = 0; i < 10; i++) {
            bind(i % 2 == 0 ? apiA : apiB, i % 2 == 0 ? "A" : "B", "victim-" + run + "-" + i, "openai.default",
                    victim);
        }
    }

    /** The loop of one client thread; {@code role} says what it hammers. */
    private void client(int role, long deadline) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        while (System.nanoTime() < deadline) {
            int k = issued.getAndIncrement();
            if (k >= REQUESTS) {
                return;
            }
            boolean onA = k % 2 == 0;
            Api api = onA ? apiA : apiB;
            String node = onA ? "A" : "B";
            if (role < 4) {
                // the hot credential: binds, replacements by rivals, unbinds and renames, from both nodes
                String instance = "hot-" + run + "-" + rnd.nextInt(4);
                String key = rnd.nextBoolean() ? "openai.default" : "openai.bot.1";
                int r = rnd.nextInt(100);
                if (r < 40) {
                    bind(api, node, instance, key, hot);
                } else if (r < 60) {
                    bind(api, node, instance, key, pick(rivals));
                } else if (r < 85) {
                    unbind(api, node, instance, key);
                } else {
                    rename(api, node, hot);
                }
            } else if (role < 8 && !(victimDeleted.get() && System.nanoTime() > victimDeletedAt + 2_000_000_000L)) {
                // binds to the victim on node B while node A deletes it (and a while after, to see the 410s)
                String instance = "victim-" + run + "-" + (10 + rnd.nextInt(20));
                bind(apiB, "B", instance, rnd.nextBoolean() ? "openai.default" : "openai.bot." + rnd.nextInt(3),
                        victim);
            } else {
                general(api, node, rnd);
            }
        }
    }

    private void general(Api api, String node, ThreadLocalRandom rnd) {
        String instance = "gen-" + run + "-" + rnd.nextInt(20);
        int r = rnd.nextInt(100);
        if (r < 35) {
            boolean dify = rnd.nextInt(4) == 0;
            String key = dify ? "dify.default" : rnd.nextBoolean() ? "openai.default" : "openai.bot." + rnd.nextInt(3);
            bind(api, node, instance, key, pick(dify ? difyPool : openaiPool));
        } else if (r < 50) {
            String key = rnd.nextInt(4) == 0 ? "dify.default" : "openai.default";
            unbind(api, node, instance, key);
        } else if (r < 62) {
            rename(api, node, pick(rnd.nextBoolean() ? openaiPool : difyPool));
        } else if (r < 68) {
            rotate(api, node, pick(openaiPool));
        } else if (r < 78) {
            boolean dify = rnd.nextInt(3) == 0;
            create(api, node, dify ? "dify" : "openai", dify ? difyPool : openaiPool);
        } else if (r < 84) {
            if (deletions.incrementAndGet() <= 40) {
                delete(api, node, pick(rnd.nextBoolean() ? openaiPool : difyPool));
            } else {
                rename(api, node, pick(openaiPool));
            }
        } else if (r < 90) {
            // refused on purpose: an openai credential cannot fill a dify setting (409 provider-mismatch)
            bind(api, node, instance, "dify.default", pick(openaiPool));
        } else {
            // a bind racing everything else on a shared hot setting of the general instances
            bind(api, node, "gen-" + run + "-hot", "openai.default", pick(openaiPool));
        }
    }

    private void deleter(long deadline) {
        while (issued.get() < REQUESTS / 2 && System.nanoTime() < deadline) {
            sleepMillis(5);
        }
        Sent d = delete(apiA, "A", victim);
        victimDeletedAt = System.nanoTime();
        victimDeleted.set(true);
        log("deleted the victim mid-traffic: " + d);
    }

    // ------------------------------------------------------------------------------------------------------------
    // The raw events

    record Event(long globalIndex, String aggregate, long sequence, String eventId, String type, JsonNode payload,
                 JsonNode metadata) {
        /** The caller's X-Request-Id, carried by every event of its request (the correlation id is the registry's). */
        String requestId() {
            return text(metadata, "requestId");
        }

        String ref() {
            return text(payload, "instanceId") + "|" + text(payload, "settingKey");
        }
    }

    private List<Event> readEvents() throws SQLException {
        List<Event> events = new ArrayList<>();
        try (Connection c = cluster.jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select global_index, aggregate_identifier, sequence_number, "
                     + "event_identifier, payload_type, payload, meta_data from domain_event_entry "
                     + "order by global_index")) {
            while (rs.next()) {
                String type = rs.getString(5);
                byte[] meta = rs.getBytes(7);
                events.add(new Event(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        type.substring(type.lastIndexOf('.') + 1),
                        Api.JSON.readTree(new String(rs.getBytes(6), StandardCharsets.UTF_8)),
                        meta == null ? null : Api.JSON.readTree(new String(meta, StandardCharsets.UTF_8))));
            }
        }
        return events;
    }

    /** What the events say at rest: per credential its status and bindings. */
    record Fold(Map<String, String> status, Map<String, Set<String>> bindings, Map<String, Integer> eventCount,
                Map<String, Set<String>> holders, Set<String> instances) {
    }

    private static Fold fold(List<Event> events) {
        Map<String, String> status = new TreeMap<>();
        Map<String, Set<String>> bindings = new TreeMap<>();
        Map<String, Integer> count = new TreeMap<>();
        Set<String> instances = new TreeSet<>();
        for (Event e : events) {
            count.merge(e.aggregate(), 1, Integer::sum);
            Set<String> b = bindings.computeIfAbsent(e.aggregate(), k -> new TreeSet<>());
            switch (e.type()) {
                case "CredentialCreated" -> status.put(e.aggregate(), "active");
                case "CredentialDeleted" -> status.put(e.aggregate(), "deleted");
                case "SettingBound" -> {
                    b.add(e.ref());
                    instances.add(text(e.payload(), "instanceId"));
                }
                case "SettingUnbound" -> {
                    b.remove(e.ref());
                    instances.add(text(e.payload(), "instanceId"));
                }
                default -> {
                }
            }
        }
        Map<String, Set<String>> holders = new TreeMap<>();
        bindings.forEach((credential, refs) -> refs.forEach(ref ->
                holders.computeIfAbsent(ref, k -> new TreeSet<>()).add(credential)));
        return new Fold(status, bindings, count, holders, instances);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Query answers

    /** Every answer that matters, canonical (arrays whose order carries no meaning are sorted). */
    private Map<String, String> snapshot(Api api, Fold fold) throws Exception {
        List<String> keys = new ArrayList<>();
        for (String id : fold.status().keySet()) {
            keys.add("/api/credentials/" + id);
            keys.add("/api/credentials/" + id + "/history");
            keys.add("/api/credentials/" + id + "/deletion-impact");
        }
        for (String instance : fold.instances()) {
            keys.add("/api/instances/" + instance + "/settings");
        }
        List<Future<String>> answers = new ArrayList<>();
        for (String path : keys) {
            answers.add(pool.submit(() -> {
                Api.Response r = api.get(path);
                return r.status() + " " + canonical(path, r);
            }));
        }
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), answers.get(i).get(60, TimeUnit.SECONDS));
        }
        return out;
    }

    private static String canonical(String path, Api.Response r) {
        if (r.status() != 200) {
            return r.body();
        }
        JsonNode n = r.json();
        if (path.endsWith("/history")) {
            return n.toString();
        }
        if (path.endsWith("/settings")) {
            return sorted(elements(n)).toString();
        }
        String arrayField = path.endsWith("/deletion-impact") ? "settings" : "bindings";
        List<String> sortedElements = sorted(elements(n.get(arrayField)));
        tools.jackson.databind.node.ObjectNode copy = (tools.jackson.databind.node.ObjectNode) n.deepCopy();
        copy.remove(arrayField);
        return copy + " " + arrayField + "=" + sortedElements;
    }

    private static List<String> sorted(List<JsonNode> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(x -> out.add(x.toString()));
        Collections.sort(out);
        return out;
    }

    /** Mismatches between a node's answers and the fold of the raw events (empty when it has caught up). */
    private static List<String> oracleMismatches(Map<String, String> snap, Fold fold) {
        List<String> out = new ArrayList<>();
        for (String id : fold.status().keySet()) {
            String detail = snap.get("/api/credentials/" + id);
            if (!detail.startsWith("200 ")) {
                out.add(id + ": detail " + detail);
                continue;
            }
            JsonNode d = Api.JSON.readTree(detail.substring(4, detail.indexOf(" bindings=")));
            if (!Objects.equals(text(d, "status"), fold.status().get(id))) {
                out.add(id + ": status " + text(d, "status") + " but the events say " + fold.status().get(id));
            }
            Set<String> expected = fold.bindings().get(id);
            if (d.get("bindingCount").asLong() != expected.size()) {
                out.add(id + ": bindingCount " + d.get("bindingCount") + " but the events say " + expected.size());
            }
            Set<String> shown = refsIn(detail.substring(detail.indexOf(" bindings=") + 10));
            if (!shown.equals(expected)) {
                out.add(id + ": bindings " + shown + " but the events say " + expected);
            }
            String impact = snap.get("/api/credentials/" + id + "/deletion-impact");
            Set<String> impacted = impact.startsWith("200 ")
                    ? refsIn(impact.substring(impact.indexOf(" settings=") + 10)) : Set.of("?" + impact);
            if (!impacted.equals(expected)) {
                out.add(id + ": deletion impact " + impacted + " but the events say " + expected);
            }
            String history = snap.get("/api/credentials/" + id + "/history");
            int shownEvents = history.startsWith("200 ") ? Api.JSON.readTree(history.substring(4)).size() : -1;
            if (shownEvents != fold.eventCount().get(id)) {
                out.add(id + ": history of " + shownEvents + " events but the store has " + fold.eventCount().get(id));
            }
        }
        for (String instance : fold.instances()) {
            String settings = snap.get("/api/instances/" + instance + "/settings");
            Map<String, String> expected = new TreeMap<>();
            fold.holders().forEach((ref, holders) -> {
                if (ref.startsWith(instance + "|")) {
                    holders.forEach(h -> expected.put(ref.substring(instance.length() + 1), h));
                }
            });
            Map<String, String> shown = new TreeMap<>();
            if (settings.startsWith("200 ")) {
                for (JsonNode s : elements(Api.JSON.readTree(settings.substring(4)))) {
                    shown.put(text(s, "settingKey"), text(s, "credentialId"));
                }
            }
            if (!shown.equals(expected)) {
                out.add(instance + ": settings " + shown + " but the events say " + expected);
            }
        }
        return out;
    }

    private static Set<String> refsIn(String sortedArray) {
        Set<String> out = new TreeSet<>();
        for (JsonNode b : elements(Api.JSON.readTree(sortedArray.replace("}, {", "},{")))) {
            out.add(text(b, "instanceId") + "|" + text(b, "settingKey"));
        }
        return out;
    }

    /** Polls a query node until its answers match the events, then returns them. */
    private Map<String, String> caughtUp(Api api, String what, Fold fold) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CATCH_UP_SECONDS);
        List<String> mismatches = List.of();
        while (System.nanoTime() < deadline) {
            Map<String, String> snap = snapshot(api, fold);
            mismatches = oracleMismatches(snap, fold);
            if (mismatches.isEmpty()) {
                return snap;
            }
            sleepMillis(300);
        }
        throw new AssertionError(what + " did not catch up with the " + fold.eventCount().values().stream()
                .mapToInt(Integer::intValue).sum() + " events within " + CATCH_UP_SECONDS + " s; "
                + mismatches.size() + " mismatches, first: " + mismatches.subList(0, Math.min(20, mismatches.size()))
                + "\n" + cluster.logTails(40));
    }

    // ------------------------------------------------------------------------------------------------------------
    // The steps, in order, on one cluster: each later step builds on what the earlier ones left (fields below)

    private List<Event> events;
    private Fold fold;
    private Map<String, String> fromA;

    @Test
    @Order(1)
    @DisplayName("1. concurrent conflicting traffic at both command nodes: no 5xx, no lost answer, every refusal a "
            + "404/409/410 problem")
    void trafficAtBothCommandNodesMeetsTheContract() throws Exception {
        setUpFixtures();
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(TRAFFIC_SECONDS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int role = i;
            clients.add(pool.submit(() -> client(role, deadline)));
        }
        clients.add(pool.submit(() -> deleter(deadline)));
        for (Future<?> f : clients) {
            f.get(TRAFFIC_SECONDS + 120, TimeUnit.SECONDS);
        }
        long trafficNanos = System.nanoTime() - t0;
        for (Node n : cluster.nodes()) {
            cluster.checkAlive(n);
        }
        summarizeTraffic(trafficNanos);
        log("traffic done: " + summary);
        assertThat(failures).as("requests that failed the contract (5xx, no answer, non-problem 4xx)").isEmpty();
    }

    @Test
    @Order(2)
    @DisplayName("2. the credential deleted mid-traffic on node A: deleted, and every bind to it sent afterwards on "
            + "node B answers 410")
    void bindsToTheDeletedVictimAnswer410() {
        Sent victimDeletion = sent.stream().filter(s -> s.op().equals("delete") && victim.equals(s.credentialId()))
                .findFirst().orElseThrow(() -> new AssertionError("the victim was never deleted"));
        assertThat(victimDeletion.status()).as("%s", victimDeletion).isEqualTo(200);
        long victimBindsInFlight = sent.stream().filter(s -> s.op().equals("bind") && victim.equals(s.credentialId())
                && s.sentAt() < victimDeletion.answeredAt() && s.answeredAt() > victimDeletion.sentAt()).count();
        long victimBindsGone = sent.stream().filter(s -> s.op().equals("bind") && victim.equals(s.credentialId())
                && s.status() == 410).count();
        summary.put("victim deletion unbound", array(victimDeletion.json(), "unbound").size());
        summary.put("binds to the victim in flight during its deletion", victimBindsInFlight);
        summary.put("binds to the victim answered 410", victimBindsGone);
        for (Sent s : sent) {
            if (s.op().equals("bind") && victim.equals(s.credentialId()) && s.sentAt() > victimDeletion.answeredAt()) {
                assertThat(s.status()).as("a bind sent after the deletion answered: %s", s).isEqualTo(410);
            }
        }
    }

    @Test
    @Order(3)
    @DisplayName("3. the event store: every stream numbered 0..n-1, no event identifier twice")
    void eventStreamsHaveNoGapAndNoDuplicate() throws Exception {
        events = readEvents();
        summary.put("events written", events.size());
        verifyStreams(events);
    }

    @Test
    @Order(4)
    @DisplayName("4. every accepted request left exactly the events its answer says (by request id), every "
            + "refused one none")
    void everyRequestLeftTheEventsItsAnswerSays() {
        verifyRequestsLeftTheirEvents(events);
    }

    @Test
    @Order(5)
    @DisplayName("5. invariants at rest: no setting bound to a deleted credential, no setting held by two")
    void invariantsHoldAtRest() {
        fold = fold(events);
        summary.put("credentials", fold.status().size());
        summary.put("instances touched", fold.instances().size());
        summary.put("bindings at rest", fold.bindings().values().stream().mapToInt(Set::size).sum());
        fold.status().forEach((id, st) -> {
            if (st.equals("deleted")) {
                assertThat(fold.bindings().get(id)).as("invariant 1: settings bound to deleted credential %s", id)
                        .isEmpty();
            }
        });
        fold.holders().forEach((ref, holders) -> assertThat(holders)
                .as("invariant 2: credentials holding %s", ref).hasSizeLessThanOrEqualTo(1));
        assertThat(fold.bindings().get(victim)).as("bindings of the victim").isEmpty();
    }

    @Test
    @Order(6)
    @DisplayName("6. both query nodes catch up with the events and answer alike, and stay put")
    void bothQueryNodesCatchUpAndAnswerAlike() throws Exception {
        long c0 = System.nanoTime();
        fromA = caughtUp(apiA, "query node A", fold);
        Map<String, String> fromB = caughtUp(apiB, "query node B", fold);
        // The oracle sees statuses, bindings and history lengths, not versions or update times: a node whose
        // credentials processor is a batch behind its history processor passes it and still differs. Both must agree
        // within the catch-up time, then stay put.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CATCH_UP_SECONDS);
        while (!fromA.equals(fromB) && System.nanoTime() < deadline) {
            sleepMillis(300);
            fromA = snapshot(apiA, fold);
            fromB = snapshot(apiB, fold);
        }
        summary.put("catch-up after traffic (s)", seconds(System.nanoTime() - c0));
        summary.put("answers compared per query node", fromA.size());
        assertSame("query node A", fromA, "query node B", fromB);
        sleepMillis(1000);
        assertSame("query node A a second earlier", fromA, "query node A now", snapshot(apiA, fold));
    }

    @Test
    @Order(7)
    @DisplayName("7. a token revoked on command node A stops within a second on node B and on both query nodes")
    void aRevokedTokenStopsOnEveryNode() {
        revocationReachesEveryNode();
    }

    @Test
    @Order(8)
    @DisplayName("8. the query processors' segments are spread over both query nodes, neither above its share")
    void segmentsAreSplitOverBothQueryNodes() throws Exception {
        // both nodes started at once; the balancer gives up segments above the share, one per round
        Map<String, Map<String, List<Integer>>> claims = awaitClaims("each query node holds its share",
                c -> held(c, "query A") > 0 && held(c, "query B") > 0
                        && held(c, "query A") + held(c, "query B") == ALL_SEGMENTS
                        && Math.max(held(c, "query A"), held(c, "query B")) <= (ALL_SEGMENTS + 1) / 2);
        summary.put("segments claimed by two query nodes", claims);
        for (String processor : QUERY_PROCESSORS) {
            int total = claims.values().stream().mapToInt(m -> m.getOrDefault(processor, List.of()).size()).sum();
            assertThat(total).as("claimed segments of %s: %s", processor, claims).isEqualTo(2);
        }
    }

    @Test
    @Order(9)
    @DisplayName("9. when a query node is killed (kill -9), the other takes over all its segments")
    void aKilledQueryNodesSegmentsMoveToTheOther() throws Exception {
        long t0 = System.nanoTime();
        cluster.kill(queryB);
        Map<String, Map<String, List<Integer>>> claims = awaitClaims("query A holds every segment",
                c -> held(c, "query A") == ALL_SEGMENTS);
        summary.put("kill -9 of a query node: its segments taken over after (s)", seconds(System.nanoTime() - t0));
        summary.put("segments claimed after the kill", claims);
        // and the survivor keeps answering with what happens after the kill
        String id = apiA.command("POST", "/api/credentials").as("alice")
                .json("name", "after kill " + run, "provider", "openai", "secret", Ids.secret()).send().expect(201)
                .text("id");
        Eventually.eventually("the survivor reads a credential created after the kill",
                () -> apiA.query("GET", "/api/credentials/" + id).as("alice").send().expect(200));
    }

    private static int held(Map<String, Map<String, List<Integer>>> claims, String node) {
        return claims.getOrDefault(node, Map.of()).values().stream().mapToInt(List::size).sum();
    }

    /** Polls the segment owners until {@code done} holds (at most 90 s: Axon's claim timeout plus the rounds). */
    private Map<String, Map<String, List<Integer>>> awaitClaims(
            String what, java.util.function.Predicate<Map<String, Map<String, List<Integer>>>> done) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        Map<String, Map<String, List<Integer>>> claims = claims();
        while (!done.test(claims) && System.nanoTime() < deadline) {
            sleepMillis(500);
            claims = claims();
        }
        assertThat(done.test(claims)).as("%s within 90 s; segment owners: %s", what, claims).isTrue();
        return claims;
    }

    @Test
    @Order(10)
    @DisplayName("10. a fresh query node rebuilt from scratch by replay answers exactly as the query nodes did")
    void aQueryNodeRebuiltByReplayAnswersAsBefore() throws Exception {
        cluster.stop(queryA);
        cluster.stop(queryB);
        try (Connection c = cluster.jdbc(); Statement s = c.createStatement()) {
            s.executeUpdate("delete from token_entry where processor_name in ('credentials','credential-history',"
                    + "'audit')");
            s.executeUpdate("delete from qr_audit_entry");
            s.executeUpdate("delete from qr_audit_credential");
            s.executeUpdate("delete from qr_binding");
            s.executeUpdate("delete from qr_history_entry");
            s.executeUpdate("delete from qr_credential");
        }
        long r0 = System.nanoTime();
        Node queryC = cluster.launch(Kind.QUERY, Map.of());
        cluster.awaitHealthy(queryC);
        long healthy = System.nanoTime();
        Api apiC = cluster.api(commandA, queryC);
        Map<String, String> rebuilt = caughtUp(apiC, "the rebuilt query node", fold);
        summary.put("replay: fresh query node start to healthy (s)", seconds(healthy - r0));
        summary.put("replay: start to caught up (s)", seconds(System.nanoTime() - r0));
        summary.put("segments claimed by the rebuilt node", claims());
        assertSame("query nodes before the rebuild", fromA, "the rebuilt query node", rebuilt);
        cluster.checkAlive(commandA);
        cluster.checkAlive(commandB);
        cluster.checkAlive(queryC);
    }

    private void summarizeTraffic(long trafficNanos) {
        Map<String, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> byOpStatus = new TreeMap<>();
        Map<String, Integer> problems = new TreeMap<>();
        for (Sent s : sent) {
            byStatus.merge(Integer.toString(s.status()), 1, Integer::sum);
            byOpStatus.merge(s.op() + " " + s.status(), 1, Integer::sum);
            if (s.status() >= 400) {
                String type = text(s.json(), "type");
                problems.merge(s.status() + " " + (type == null ? "?" : type.substring(type.lastIndexOf('/') + 1)),
                        1, Integer::sum);
            }
        }
        summary.put("requests", sent.size());
        summary.put("traffic (s)", seconds(trafficNanos));
        summary.put("requests/s", String.format("%.0f", sent.size() / (trafficNanos / 1e9)));
        summary.put("requests by status", byStatus);
        summary.put("requests by operation and status", byOpStatus);
        summary.put("refusals by problem type", problems);
        summary.put("requests per command node", Map.of("A", sent.stream().filter(s -> s.node().equals("A")).count(),
                "B", sent.stream().filter(s -> s.node().equals("B")).count()));
    }

    /**
     * A token revoked through command node A stops within a second on every node: on command node B (same lookup
     * table, same transaction) and on both query nodes (the revocation's event, committed in that transaction).
     */
    private void revocationReachesEveryNode() {
        String name = "mn-revoked-" + UUID.randomUUID().toString().substring(0, 8);
        String token = apiA.issueToken(name, "AUDITOR", null);
        apiB.command("GET", "/api/tokens").token(token).send().expect(200);
        long issued = System.nanoTime();
        while (apiB.query("GET", "/api/credentials?name=probe").token(token).send().status() != 200) {
            assertThat(Duration.ofNanos(System.nanoTime() - issued)).as("query node B learns of the token")
                    .isLessThan(Duration.ofSeconds(10));
            sleepMillis(20);
        }

        apiA.command("DELETE", "/api/tokens/" + apiA.tokenId(name)).send().expect(204);
        long revoked = System.nanoTime();

        // Command node B may reuse its lookup of the token for registry.security.token-cache-ttl (at most 1 s).
        while (apiB.command("GET", "/api/tokens").token(token).send().status() != 401) {
            assertThat(Duration.ofNanos(System.nanoTime() - revoked)).as("command node B still accepts the token")
                    .isLessThan(Duration.ofSeconds(1));
            sleepMillis(20);
        }
        apiB.command("GET", "/api/tokens").token(token).send().expectProblem(401, "unauthenticated");
        // The query nodes find the committed revocation in the event store, whatever their api-tokens processor's
        // lag, and may also reuse a lookup for the cache's time.
        for (Api api : List.of(apiA, apiB)) {
            while (api.query("GET", "/api/credentials?name=probe").token(token).send().status() != 401) {
                assertThat(Duration.ofNanos(System.nanoTime() - revoked)).as("a query node still accepts the token")
                        .isLessThan(Duration.ofSeconds(1));
                sleepMillis(20);
            }
        }
        summary.put("revocation: until both query nodes refuse the token (s)", seconds(System.nanoTime() - revoked));
    }

    private void verifyStreams(List<Event> events) {
        Map<String, List<Long>> sequences = new HashMap<>();
        Set<String> eventIds = new HashSet<>();
        List<String> duplicateIds = new ArrayList<>();
        for (Event e : events) {
            sequences.computeIfAbsent(e.aggregate(), k -> new ArrayList<>()).add(e.sequence());
            if (!eventIds.add(e.eventId())) {
                duplicateIds.add(e.eventId());
            }
        }
        assertThat(duplicateIds).as("duplicate event identifiers").isEmpty();
        sequences.forEach((aggregate, seqs) -> {
            List<Long> sortedSeqs = new ArrayList<>(seqs);
            Collections.sort(sortedSeqs);
            for (int i = 0; i < sortedSeqs.size(); i++) {
                if (sortedSeqs.get(i) != i) {
                    throw new AssertionError("stream " + aggregate + " has a gap or duplicate at " + i + ": "
                            + sortedSeqs);
                }
            }
        });
        summary.put("streams checked (0..n-1, unique event ids)", sequences.size());
    }

    private void verifyRequestsLeftTheirEvents(List<Event> events) {
        Map<String, List<Event>> byRequest = new HashMap<>();
        Set<String> bound = new HashSet<>();
        for (Event e : events) {
            byRequest.computeIfAbsent(String.valueOf(e.requestId()), k -> new ArrayList<>()).add(e);
            if (e.type().equals("SettingBound")) {
                bound.add(e.aggregate() + "|" + e.ref());
            }
        }
        int noOpBinds = 0;
        List<String> wrong = new ArrayList<>();
        for (Sent s : sent) {
            List<Event> left = byRequest.getOrDefault(s.requestId(), List.of());
            List<String> types = left.stream().map(e -> e.type() + "@" + e.aggregate()).toList();
            if (!s.ok()) {
                if (!left.isEmpty()) {
                    wrong.add("refused, yet left events " + types + ": " + s);
                }
                continue;
            }
            String id = s.credentialId();
            Supplier<Boolean> expected = switch (s.op()) {
                case "create" -> () -> types.equals(List.of("CredentialCreated@" + text(s.json(), "id")));
                case "rename" -> () -> types.equals(List.of("CredentialRenamed@" + id));
                case "rotate" -> () -> types.equals(List.of("CredentialSecretRotated@" + id));
                case "unbind" -> () -> left.size() == 1 && left.get(0).type().equals("SettingUnbound")
                        && "REQUESTED".equals(text(left.get(0).payload(), "reason"))
                        && left.get(0).ref().equals(s.instanceId() + "|" + s.settingKey());
                case "delete" -> () -> {
                    int unbound = array(s.json(), "unbound").size();
                    return left.size() == unbound + 1 && types.get(0).equals("CredentialDeleted@" + id)
                            && left.stream().skip(1).allMatch(e -> e.type().equals("SettingUnbound")
                            && "CREDENTIAL_DELETED".equals(text(e.payload(), "reason")));
                };
                case "bind" -> () -> {
                    String replaced = text(s.json(), "replacedCredentialId");
                    String ref = s.instanceId() + "|" + s.settingKey();
                    if (replaced == null) {
                        return types.equals(List.of("SettingBound@" + id)) && left.get(0).ref().equals(ref)
                                || left.isEmpty() && bound.contains(id + "|" + ref); // already held: no event
                    }
                    return new HashSet<>(types).equals(Set.of("SettingUnbound@" + replaced, "SettingBound@" + id))
                            && left.size() == 2;
                };
                default -> () -> false;
            };
            if (!expected.get()) {
                wrong.add("accepted, but its events are " + types + ": " + s);
            }
            if (s.op().equals("bind") && left.isEmpty()) {
                noOpBinds++;
            }
        }
        summary.put("accepted binds that changed nothing (setting already held by that credential)", noOpBinds);
        assertThat(wrong).as("requests whose events (by request id) are not what their answer says").isEmpty();
    }

    /** Per query node, per processor, the segments it owns (owner names are pid@host). */
    private Map<String, Map<String, List<Integer>>> claims() throws Exception {
        Map<String, Map<String, List<Integer>>> out = new TreeMap<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            out.clear();
            int unowned = 0;
            try (Connection c = cluster.jdbc(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select processor_name, segment, owner from token_entry "
                         + "where processor_name in ('credentials','credential-history','audit','api-tokens',"
                         + "'audit-chain') order by 1, 2")) {
                while (rs.next()) {
                    String owner = rs.getString(3);
                    if (owner == null) {
                        unowned++;
                        continue;
                    }
                    String pid = owner.contains("@") ? owner.substring(0, owner.indexOf('@')) : owner;
                    String who = "owner " + owner;
                    for (Node n : cluster.nodes()) {
                        if (n.kind() == Kind.QUERY && Long.toString(n.pid()).equals(pid)) {
                            who = n == queryA ? "query A" : n == queryB ? "query B" : n.name();
                        }
                    }
                    out.computeIfAbsent(who, k -> new TreeMap<>()).computeIfAbsent(rs.getString(1),
                            k -> new ArrayList<>()).add(rs.getInt(2));
                }
            }
            if (unowned == 0 || System.nanoTime() > deadline) {
                if (queryA.isAlive()) {
                    out.putIfAbsent("query A", new TreeMap<>());
                }
                if (queryB.isAlive()) {
                    out.putIfAbsent("query B", new TreeMap<>());
                }
                if (unowned > 0) {
                    out.put("unowned", Map.of("segments", List.of(unowned)));
                }
                return out;
            }
            sleepMillis(250);
        }
    }

    private static void assertSame(String whatA, Map<String, String> a, String whatB, Map<String, String> b) {
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            if (!Objects.equals(a.get(k), b.get(k))) {
                differences.add(k + "\n  " + whatA + ": " + a.get(k) + "\n  " + whatB + ": " + b.get(k));
            }
        }
        assertThat(differences).as("answers that differ between %s and %s (%d compared)", whatA, whatB, keys.size())
                .isEmpty();
    }

    private void writeSummary() {
        summary.put("test total (s)", seconds(System.nanoTime() - testStart));
        StringBuilder text = new StringBuilder("Multi-node PostgreSQL end-to-end test (MultiNodePostgresIT)\n");
        summary.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        if (!failures.isEmpty()) {
            text.append("contract failures (first 20): ").append(failures.subList(0, Math.min(20, failures.size())))
                    .append('\n');
        }
        System.out.println("[e2e] ===== multi-node summary =====\n" + text);
        try {
            Path work = Path.of(System.getProperty("registry.e2e.work-dir", "target"));
            Files.createDirectories(work);
            Files.writeString(work.resolve("multinode-summary.txt"), text.toString());
        } catch (Exception e) {
            log("could not write the summary: " + e);
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void log(String message) {
        System.out.println("[e2e] " + message);
    }
}
