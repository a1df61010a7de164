package io.credreg.e2e.postgres;

import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Cluster;
import io.credreg.e2e.support.Cluster.Node;
import io.credreg.e2e.support.Environments;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.PrivatePostgres;
import io.credreg.e2e.support.RegistryEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * The chaos suite (issue 12, decision 0190): two command nodes and two query nodes on a PostgreSQL server of the
 * suite's own, a seeded random mix of conflicting commands and resolutions from several clients, while a chaos
 * thread kills nodes with {@code kill -9} (a command node in the middle of a large deletion cascade, a query node
 * with a backlog to project, a query node in the middle of a replay) and restarts PostgreSQL (a crash,
 * {@code -m immediate}, and a clean {@code -m fast}). Afterwards, with every node back and caught up, an invariant
 * checker rebuilds every read model from the event store and compares it with the live tables, and checks the
 * product's invariants and the client's ledger of acknowledged commands. Violations fail the test; everything is
 * reported in {@code target/chaos-report.txt}.
 * <p>
 * {@code -Dchaos.seed=N} replays the same mix and schedule (the interleaving of threads still varies),
 * {@code -Dchaos.seconds=N} bounds the chaos (default 60; the full run is 600),
 * {@code -Dchaos.cascade-bindings=N} sizes the cascades (default 2000), {@code -Dchaos.clients=N} the client threads.
 */
@Order(95)
class ChaosPostgresIT {

    private static final long SEED = Long.getLong("chaos.seed", new Random().nextLong());
    private static final long SECONDS = Long.getLong("chaos.seconds", 60);
    private static final int CASCADE = Integer.getInteger("chaos.cascade-bindings", 2000);
    private static final int CLIENTS = Integer.getInteger("chaos.clients", 6);
    private static final long SETTLE_SECONDS = Long.getLong("chaos.settle-seconds", 180);
    private static final long RESTART_TIMEOUT_SECONDS = Long.getLong("chaos.restart-timeout-seconds", 600);
    private static final int ATTEMPTS = 10;
    private static final List<String> OPENAI_KEYS = List.of("openai.default", "openai.bot.0", "openai.bot.1");
    private static final Set<String> CREDENTIAL_EVENTS = Set.of("CredentialCreated", "CredentialRenamed",
            "CredentialSecretRotated", "CredentialDeleted", "CredentialRestored", "CredentialPurged", "SettingBound",
            "SettingUnbound", "SecretResolved");
    private static final Set<String> AUDITED_EVENTS;

    static {
        Set<String> audited = new HashSet<>(CREDENTIAL_EVENTS);
        audited.addAll(Set.of("ApiTokenIssued", "ApiTokenRevoked", "ApiTokenReplaced"));
        AUDITED_EVENTS = Set.copyOf(audited);
    }

    private final String run = Ids.random(5).toLowerCase();
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<String> kills = new CopyOnWriteArrayList<>();
    private final List<String> restarts = new CopyOnWriteArrayList<>();
    private final List<String> chaosProblems = new CopyOnWriteArrayList<>();
    /** The 5xx answers (during a PostgreSQL restart, say): not violations, but reported. */
    private final List<String> serverErrors = new CopyOnWriteArrayList<>();
    /** 5xx answers other than a 503 to retry: a database that went away is no failure of the client's nor a bug. */
    private final List<String> unexpectedServerErrors = new CopyOnWriteArrayList<>();
    private final List<Op> ledger = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> resolutions = new TreeMap<>();
    private final AtomicInteger requestCounter = new AtomicInteger();
    private final List<String> openai = Collections.synchronizedList(new ArrayList<>());
    private final List<String> dify = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> instanceTokens = new HashMap<>();

    private PrivatePostgres pg;
    private Cluster cluster;
    /** command A, command B, query A, query B: replaced by their new process when restarted. */
    private final AtomicReferenceArray<Node> nodes = new AtomicReferenceArray<>(4);
    private Api viaA;
    private Api viaB;
    private volatile long deadline;

    /** One command as the client sent it (with retries under one Idempotency-Key), and how it ended. */
    static final class Op {
        final String kind;
        final String method;
        final String path;
        final String credentialId;
        final String instanceId;
        final String settingKey;
        final String requestId;
        final Object[] body;
        volatile int status = -1;
        volatile JsonNode json;
        volatile int attempts;
        final List<String> lostAttempts = new CopyOnWriteArrayList<>();

        Op(String kind, String method, String path, String credentialId, String instanceId, String settingKey,
           String requestId, Object[] body) {
            this.kind = kind;
            this.method = method;
            this.path = path;
            this.credentialId = credentialId;
            this.instanceId = instanceId;
            this.settingKey = settingKey;
            this.requestId = requestId;
            this.body = body;
        }

        boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        boolean refused() {
            return status >= 400 && status < 500;
        }

        String outcome() {
            return acknowledged() ? "acknowledged" : refused() ? "refused" : "failed";
        }

        @Override
        public String toString() {
            return kind + " " + method + " " + path + " [" + requestId + "] -> " + status + " after " + attempts
                    + " attempt(s) " + (json == null ? "" : json.toString().length() > 300
                    ? json.toString().substring(0, 300) : json);
        }
    }

    @Test
    void chaos() throws Exception {
        // The other PostgreSQL classes' registry is idle now; it only takes CPU from the cluster.
        Environments.stopCurrent();
        pg = PrivatePostgres.startOrSkip(Path.of(System.getProperty("java.io.tmpdir"), "credreg-chaos"));
        ExecutorService pool = Executors.newCachedThreadPool();
        long t0 = System.nanoTime();
        report.put("seed", SEED + " (-Dchaos.seed=" + SEED + ")");
        report.put("chaos window (s)", SECONDS);
        report.put("cascade size (bindings)", CASCADE);
        report.put("clients", CLIENTS);
        List<String> violations = new ArrayList<>();
        try {
            cluster = Cluster.on(pg.settings());
            List<Node> started = cluster.start(2, 2, Map.of(), Map.of());
            for (int i = 0; i < 4; i++) {
                nodes.set(i, started.get(i));
            }
            viaA = cluster.api(started.get(0), started.get(2));
            viaB = cluster.api(started.get(1), started.get(3));
            report.put("cluster start (s)", seconds(System.nanoTime() - t0));
            long f0 = System.nanoTime();
            setUp();
            cascades.put(1, cascadeCredential(1, new Random(SEED - 1)));

            report.put("fixtures and the first cascade's bindings (s)", seconds(System.nanoTime() - f0));
            long c0 = System.nanoTime();
            deadline = c0 + TimeUnit.SECONDS.toNanos(SECONDS);
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Random rnd = new Random(SEED * 31 + i);
                clients.add(pool.submit(() -> client(rnd)));
            }
            Future<?> chaos = pool.submit(() -> chaos(new Random(SEED)));
            chaos.get(SECONDS + 900, TimeUnit.SECONDS);
            for (Future<?> f : clients) {
                f.get(300, TimeUnit.SECONDS);
            }
            report.put("chaos and traffic (s)", seconds(System.nanoTime() - c0));

            long s0 = System.nanoTime();
            settle();
            violations.addAll(check(s0));
            unexpectedServerErrors.forEach(e -> violations.add("a 5xx that is not a 503 to retry: " + e));
            report.put("settle and check (s)", seconds(System.nanoTime() - s0));
        } catch (Throwable e) {
            violations.add("the suite itself failed: " + e);
            throw e;
        } finally {
            report.put("violations", violations.size());
            writeReport(violations, System.nanoTime() - t0);
            pool.shutdownNow();
            if (cluster != null) {
                cluster.close();
            }
            pg.close();
        }
        assertThat(violations).as("invariant violations after chaos (seed %d); node logs under %s", SEED,
                cluster.logDir()).isEmpty();
        assertThat(chaosProblems).as("steps of the suite that failed (seed %d)", SEED).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Fixtures and traffic

    private void setUp() {
        viaA.tokenFor("chaos");
        for (int i = 0; i < 16; i++) {
            create(i % 3 == 0 ? "dify" : "openai", new Random(SEED + i));
        }
        for (int i = 0; i < 4; i++) {
            String instance = instance(i);
            instanceTokens.put(instance, viaA.issueToken("chaos-" + run + "-bot-" + i, "INSTANCE", instance));
        }
    }

    private String instance(int i) {
        return "chaos-" + run + "-" + i;
    }

    private void client(Random rnd) {
        while (System.nanoTime() < deadline) {
            try {
                step(rnd);
            } catch (RuntimeException | AssertionError e) {
                chaosProblems.add("client step failed: " + e);
            }
        }
    }

    private void step(Random rnd) {
        // few instances and settings, so that the two command nodes keep replacing each other's bindings
        int i = rnd.nextInt(12);
        String instance = instance(i);
        int r = rnd.nextInt(100);
        if (r < 32) {
            boolean toDify = rnd.nextInt(5) == 0;
            String key = toDify ? "dify.default" : OPENAI_KEYS.get(rnd.nextInt(OPENAI_KEYS.size()));
            String credential = pick(toDify ? dify : openai, rnd);
            if (credential != null) {
                send(rnd, "bind", "PUT", "/api/instances/" + instance + "/settings/" + key, credential, instance, key,
                        "credentialId", credential);
            }
        } else if (r < 44) {
            String key = rnd.nextInt(4) == 0 ? "dify.default" : OPENAI_KEYS.get(rnd.nextInt(OPENAI_KEYS.size()));
            send(rnd, "unbind", "DELETE", "/api/instances/" + instance + "/settings/" + key, null, instance, key);
        } else if (r < 54) {
            String credential = pick(openai, rnd);
            if (credential != null) {
                send(rnd, "rotate", "PUT", "/api/credentials/" + credential + "/secret", credential, null, null,
                        "secret", Ids.secret());
            }
        } else if (r < 60) {
            String credential = pick(rnd.nextBoolean() ? openai : dify, rnd);
            if (credential != null) {
                send(rnd, "rename", "PATCH", "/api/credentials/" + credential, credential, null, null,
                        "name", Ids.name("Chaos renamed"));
            }
        } else if (r < 70) {
            create(rnd.nextInt(3) == 0 ? "dify" : "openai", rnd);
        } else if (r < 76) {
            List<String> from = rnd.nextBoolean() ? openai : dify;
            if (from.size() > 6) {
                String credential = pick(from, rnd);
                Op op = send(rnd, "delete", "DELETE", "/api/credentials/" + credential, credential, null, null);
                if (op.acknowledged() || op.status == 410) {
                    from.remove(credential);
                }
            }
        } else {
            resolve(rnd, rnd.nextInt(4));
        }
    }

    private void resolve(Random rnd, int i) {
        String instance = instance(i);
        String key = rnd.nextInt(4) == 0 ? "dify.default" : OPENAI_KEYS.get(rnd.nextInt(OPENAI_KEYS.size()));
        Api api = rnd.nextBoolean() ? viaA : viaB;
        String outcome;
        try {
            Api.Response r = api.command("GET", "/api/instances/" + instance + "/settings/" + key + "/secret")
                    .token(instanceTokens.get(instance)).send();
            outcome = Integer.toString(r.status());
            if (r.status() == 200 && (r.text("secret") == null || r.text("secret").isBlank())) {
                chaosProblems.add("a resolution answered 200 without a secret");
            }
            if (r.status() >= 500) {
                serverError("resolution", r);
            }
        } catch (AssertionError e) {
            outcome = "no answer";
        }
        synchronized (resolutions) {
            resolutions.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private Op create(String provider, Random rnd) {
        Op op = send(rnd, "create", "POST", "/api/credentials", null, null, null,
                "name", Ids.name("Chaos " + provider), "provider", provider, "secret", Ids.secret());
        if (op.status == 201) {
            (provider.equals("dify") ? dify : openai).add(text(op.json, "id"));
        }
        return op;
    }

    /**
     * Sends one command under one Idempotency-Key and X-Request-Id, to a command node drawn at random; when there is
     * no answer or a 5xx (a node or the database went away), sends it again under the same key, to either node, as a
     * client of the registry is told to. Records it in the ledger.
     */
    private Op send(Random rnd, String kind, String method, String path, String credentialId, String instanceId,
                    String settingKey, Object... body) {
        return send(rnd.nextBoolean() ? 0 : 1, rnd, kind, method, path, credentialId, instanceId, settingKey, body);
    }

    private Op send(int firstNode, Random rnd, String kind, String method, String path, String credentialId,
                    String instanceId, String settingKey, Object... body) {
        String requestId = "chaos-" + run + "-" + requestCounter.incrementAndGet();
        Op op = new Op(kind, method, path, credentialId, instanceId, settingKey, requestId, body);
        ledger.add(op);
        int node = firstNode;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            op.attempts = attempt;
            Api api = node == 0 ? viaA : viaB;
            Api.Call call = api.command(method, path).as("chaos").requestId(requestId)
                    .header("Idempotency-Key", requestId);
            if (body.length > 0) {
                call.json(body);
            }
            try {
                Api.Response r = call.send();
                if (r.status() < 500) {
                    op.status = r.status();
                    op.json = r.body() == null || r.body().isBlank() ? null : r.json();
                    return op;
                }
                op.lostAttempts.add(r.status() + " " + r.contentType() + " " + (r.body().length() > 200
                        ? r.body().substring(0, 200) : r.body()));
                serverError(kind, r);
            } catch (AssertionError e) {
                op.lostAttempts.add("no answer: " + e.getMessage());
            }
            RegistryEnvironment.sleepMillis(Math.min(3000, 250L * attempt));
            node = rnd.nextBoolean() ? 0 : 1;
        }
        return op;
    }

    private void serverError(String kind, Api.Response r) {
        serverErrors.add(kind + ": " + r);
        if (r.status() != 503) {
            unexpectedServerErrors.add(kind + ": " + r);
        }
    }

    private static String pick(List<String> list, Random rnd) {
        synchronized (list) {
            return list.isEmpty() ? null : list.get(rnd.nextInt(list.size()));
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Chaos

    private void chaos(Random rnd) {
        int round = 0;
        try {
            while (System.nanoTime() < deadline) {
                round++;
                pause(rnd, 1000, 4000);
                restartPostgres(true);
                killCommandNodeMidCascade(rnd, round);
                pause(rnd, 500, 2000);
                killQueryNodeMidReplay(rnd, round);
                pause(rnd, 500, 2000);
                restartPostgres(false);
            }
        } catch (RuntimeException | AssertionError e) {
            chaosProblems.add("chaos round " + round + " failed: " + e);
            log("chaos failed: " + e + "\n" + cluster.logTails(40));
        }
        report.put("chaos rounds", round);
    }

    private static void pause(Random rnd, int fromMillis, int toMillis) {
        RegistryEnvironment.sleepMillis(fromMillis + rnd.nextInt(toMillis - fromMillis));
    }

    private void restartPostgres(boolean crash) {
        long t0 = System.nanoTime();
        if (crash) {
            pg.crashRestart();
        } else {
            pg.fastRestart();
        }
        restarts.add((crash ? "crash (pg_ctl restart -m immediate)" : "clean (pg_ctl restart -m fast)") + ", back in "
                + seconds(System.nanoTime() - t0) + " s");
    }

    /** A credential of the chaos rounds with {@link #CASCADE} bindings (by round), built ahead of its round. */
    private final Map<Integer, String> cascades = new HashMap<>();

    private String cascadeCredential(int round, Random rnd) {
        String ready = cascades.remove(round);
        if (ready != null) {
            return ready;
        }
        Op created = send(1, rnd, "create", "POST", "/api/credentials", null, null, null,
                "name", Ids.name("Chaos cascade " + round), "provider", "openai", "secret", Ids.secret());
        if (!created.acknowledged()) {
            throw new IllegalStateException("the cascade credential of round " + round + " was not created: "
                    + created);
        }
        String id = text(created.json, "id");
        long b0 = System.nanoTime();
        bindMany(id, round, rnd);
        log("cascade credential of round " + round + ": " + CASCADE + " bindings in " + seconds(System.nanoTime()
                - b0) + " s");
        return id;
    }

    /**
     * Deletes a credential with {@link #CASCADE} bindings through command node A and kills that node with
     * {@code kill -9} while the deletion's transaction is open (it holds the event append lock, decision 0120, for
     * longer than any other command); the client sends the deletion again (same key), to either node. A watcher
     * kills query node B once the cascade is committed and B has it still to project (its lag, read from B just
     * before the kill, says how much).
     */
    private void killCommandNodeMidCascade(Random rnd, int round) {
        String big = cascadeCredential(round, rnd);
        Node victim = nodes.get(0);
        long[] answeredAt = {0};
        Random deleterRandom = new Random(rnd.nextLong());
        Thread deleter = new Thread(() -> {
            Op op = send(0, deleterRandom, "delete", "DELETE", "/api/credentials/" + big, big, null, null);
            answeredAt[0] = System.nanoTime();
            log("cascade deletion: " + op.status + " after " + op.attempts + " attempt(s)");
        }, "chaos-cascade-delete");
        Random watcherRandom = new Random(rnd.nextLong());
        Thread watcher = new Thread(() -> killQueryNodeMidBatch(big, watcherRandom), "chaos-query-killer");
        watcher.start();
        long d0 = System.nanoTime();
        deleter.start();
        long openFor = awaitLongTransaction(TimeUnit.SECONDS.toNanos(20));
        RegistryEnvironment.sleepMillis(rnd.nextInt(40));
        boolean inFlight = answeredAt[0] == 0;
        cluster.kill(victim);
        long killedAt = System.nanoTime();
        boolean committed = deletedInStore(big);
        kills.add("command node A, kill -9 " + (killedAt - d0) / 1_000_000 + " ms into the deletion of a credential"
                + " with " + CASCADE + " bindings (" + (openFor < 0 ? "no long transaction seen"
                : "a transaction holding the append lock for " + openFor / 1_000_000 + " ms") + "): "
                + (inFlight ? "request unanswered" : "request had already answered") + ", cascade "
                + (committed ? "committed before the kill" : "not committed (rolled back by the crash)")
                + (inFlight && !committed && openFor >= 0 ? " [mid-cascade]" : " [missed the cascade]"));
        restartAsync(0);
        join(deleter);
        join(watcher);
        log("deletion answered " + seconds(answeredAt[0] - d0) + " s after it was first sent");
    }

    /** Waits for the cascade's deletion to commit, then kills query node B while it has events to project. */
    private void killQueryNodeMidBatch(String credential, Random rnd) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        while (!deletedInStore(credential)) {
            if (System.nanoTime() > until) {
                chaosProblems.add("the cascade deletion of " + credential + " never committed");
                return;
            }
            RegistryEnvironment.sleepMillis(20);
        }
        RegistryEnvironment.sleepMillis(rnd.nextInt(100));
        long lag = lag(3);
        Node q = nodes.get(3);
        cluster.kill(q);
        kills.add("query node B, kill -9 while the cascade is delivered: its lag just before the kill "
                + (lag < 0 ? "unknown" : lag + " events") + (lag > 0 ? " [mid-batch]" : " [already caught up]"));
        restartAsync(3);
    }

    /**
     * Polls until some transaction has held an advisory lock (the append lock) for at least 150 ms: only a large
     * cascade does. Returns for how long it had been open, or -1 when none was seen in time.
     */
    private long awaitLongTransaction(long timeoutNanos) {
        long until = System.nanoTime() + timeoutNanos;
        try (Connection c = pg.settings().connect(); Statement s = c.createStatement()) {
            while (System.nanoTime() < until) {
                try (ResultSet rs = s.executeQuery("select coalesce(max(extract(epoch from (clock_timestamp() - "
                        + "a.xact_start))), 0) from pg_locks l join pg_stat_activity a on a.pid = l.pid "
                        + "where l.locktype = 'advisory' and l.granted and a.pid <> pg_backend_pid()")) {
                    rs.next();
                    double open = rs.getDouble(1);
                    if (open >= 0.15) {
                        return (long) (open * 1e9);
                    }
                }
                RegistryEnvironment.sleepMillis(2);
            }
        } catch (SQLException e) {
            chaosProblems.add("could not watch the cascade's transaction: " + e.getMessage());
        }
        return -1;
    }

    private static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(300));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Binds {@link #CASCADE} settings of fresh instances to one credential, from four threads on both nodes. */
    private void bindMany(String credential, int round, Random rnd) {
        ExecutorService binders = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            Random own = new Random(rnd.nextLong());
            done.add(binders.submit(() -> {
                int n;
                while ((n = next.getAndIncrement()) < CASCADE) {
                    String instance = "chaos-" + run + "-big-" + round + "-" + n;
                    send(thread % 2, own, "bind", "PUT", "/api/instances/" + instance + "/settings/openai.default",
                            credential, instance, "openai.default", "credentialId", credential);
                }
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get(600, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("binding the cascade failed", e);
        } finally {
            binders.shutdownNow();
        }
    }

    /**
     * Stops query node B (a replay needs one query node: decision 0011), replays {@code credentials} and
     * {@code audit-chain} on query node A at a pace that makes them last, and kills A with {@code kill -9} while
     * both are replaying. Both query nodes start again; the replay resumes from its stored replay tokens.
     */
    private void killQueryNodeMidReplay(Random rnd, int round) {
        awaitHealthy(3);
        awaitHealthy(2);
        Node b = nodes.get(3);
        cluster.stop(b);
        Node a = nodes.get(2);
        List<String> processors = List.of("credentials", "audit-chain");
        for (String processor : processors) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (true) {
                Api.Response r = viaA.query("POST", "/api/admin/processors/" + processor
                        + "/replay?maxEventsPerSecond=" + (1000 + rnd.nextInt(1000))).send();
                if (r.status() == 202) {
                    break;
                }
                if (System.nanoTime() > until) {
                    chaosProblems.add("round " + round + ": the replay of " + processor + " never started: " + r);
                    restartAsync(3);
                    return;
                }
                RegistryEnvironment.sleepMillis(500);
            }
        }
        RegistryEnvironment.sleepMillis(500 + rnd.nextInt(2500));
        List<String> progress = new ArrayList<>();
        for (String processor : processors) {
            try {
                JsonNode view = viaA.query("GET", "/api/admin/processors/" + processor).send().json();
                progress.add(processor + " replaying=" + view.path("replaying").asBoolean() + " "
                        + view.path("progress"));
            } catch (AssertionError e) {
                progress.add(processor + " ?");
            }
        }
        cluster.kill(a);
        boolean replaying = progress.stream().anyMatch(p -> p.contains("replaying=true"));
        kills.add("query node A, kill -9 while replaying (the only query node running): " + progress
                + (replaying ? " [mid-replay]" : " [the replays had ended]"));
        restartAsync(2);
        restartAsync(3);
    }

    /** Restarts node i (0, 1: command A, B; 2, 3: query A, B) on its port and waits until it is healthy. */
    private void restartAsync(int i) {
        Node restarted = cluster.restart(nodes.get(i));
        nodes.set(i, restarted);
        awaitHealthy(i);
    }

    /** A node restarted while four others and PostgreSQL work may start slowly: that is no finding of the suite. */
    private void awaitHealthy(int i) {
        cluster.awaitHealthy(nodes.get(i), java.time.Duration.ofSeconds(RESTART_TIMEOUT_SECONDS));
    }

    private long lag(int queryNode) {
        Api api = queryNode == 2 ? viaA : viaB;
        try {
            long lag = 0;
            for (JsonNode p : elements(api.query("GET", "/api/admin/processors").send().expect(200).json())) {
                if (p.hasNonNull("lag")) {
                    lag = Math.max(lag, p.get("lag").asLong());
                }
            }
            return lag;
        } catch (AssertionError | RuntimeException e) {
            return -1;
        }
    }

    private long count(String tag) {
        return kills.stream().filter(k -> k.endsWith(tag)).count();
    }

    private boolean deletedInStore(String credential) {
        try (Connection c = pg.settings().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from domain_event_entry where aggregate_identifier = '"
                     + credential + "' and payload_type like '%CredentialDeleted'")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Settle and check

    /** Every node up and healthy; then the checker waits until the read models have caught up (or times out). */
    private void settle() {
        for (int i = 0; i < 4; i++) {
            if (!nodes.get(i).isAlive()) {
                restartAsync(i);
            }
            awaitHealthy(i);
        }
    }

    record Event(long globalIndex, String aggregate, long sequence, String eventId, String type, JsonNode payload,
                 JsonNode metadata) {
        String requestId() {
            return text(metadata, "requestId");
        }

        String credentialId() {
            return text(payload, "credentialId");
        }

        String ref() {
            return text(payload, "instanceId") + "|" + text(payload, "settingKey");
        }
    }

    /** A credential as its events say it is. */
    static final class Expected {
        String status;
        String name;
        String provider;
        int secretVersion;
        final Set<String> bindings = new TreeSet<>();
    }

    private List<String> check(long settleStart) throws Exception {
        List<Event> events = readEvents();
        List<String> out = new ArrayList<>();
        report.put("events in the store", events.size());

        // the event store itself: streams 0..n-1, each event identifier once
        Map<String, List<Long>> streams = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (Event e : events) {
            if (!ids.add(e.eventId())) {
                out.add("event identifier twice in the store: " + e.eventId());
            }
            if (!e.type().equals("SecretResolved")) {
                streams.computeIfAbsent(e.aggregate(), k -> new ArrayList<>()).add(e.sequence());
            }
        }
        streams.forEach((aggregate, seqs) -> {
            Collections.sort(seqs);
            for (int i = 0; i < seqs.size(); i++) {
                if (seqs.get(i) != i) {
                    out.add("stream " + aggregate + " has a gap or a duplicate at " + i);
                    return;
                }
            }
        });

        // the rebuild: every credential from its events
        Map<String, Expected> expected = fold(events);
        Map<String, Set<String>> holders = new TreeMap<>();
        expected.forEach((id, c) -> c.bindings.forEach(ref -> holders.computeIfAbsent(ref, k -> new TreeSet<>())
                .add(id)));
        int bindingsAtRest = 0;
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            bindingsAtRest += e.getValue().bindings.size();
            if ("deleted".equals(e.getValue().status) && !e.getValue().bindings.isEmpty()) {
                out.add("invariant: deleted credential " + e.getKey() + " still holds " + e.getValue().bindings);
            }
        }
        holders.forEach((ref, who) -> {
            if (who.size() > 1) {
                out.add("invariant: setting " + ref + " held by " + who);
            }
        });
        report.put("credentials", expected.size());
        report.put("bindings at rest", bindingsAtRest);

        out.addAll(checkLedger(events));

        // the live read models against the rebuild, once they have had time to catch up
        long until = settleStart + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
        List<String> readModels = readModelMismatches(events, expected);
        while (!readModels.isEmpty() && System.nanoTime() < until) {
            RegistryEnvironment.sleepMillis(1000);
            readModels = readModelMismatches(events, expected);
        }
        report.put("read models caught up after (s)", seconds(System.nanoTime() - settleStart));
        out.addAll(readModels.size() > 50 ? readModels.subList(0, 50) : readModels);
        if (readModels.size() > 50) {
            out.add("... and " + (readModels.size() - 50) + " more read-model mismatches");
        }

        // the audit chain, verified by both query nodes
        for (Api api : List.of(viaA, viaB)) {
            Api.Response v = api.query("GET", "/api/audit/verify").send();
            report.put("audit verify on " + api.queryBase().getPort(), v.body());
            if (v.status() != 200 || !v.json().path("valid").asBoolean(false)
                    || v.json().path("unchainedEvents").asLong(-1) != 0) {
                out.add("audit chain verification: " + v);
            }
        }
        return out;
    }

    private List<Event> readEvents() throws SQLException {
        List<Event> events = new ArrayList<>();
        try (Connection c = pg.settings().connect(); Statement s = c.createStatement();
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

    private static Map<String, Expected> fold(List<Event> events) {
        Map<String, Expected> out = new TreeMap<>();
        for (Event e : events) {
            if (!CREDENTIAL_EVENTS.contains(e.type()) || e.type().equals("SecretResolved")) {
                continue;
            }
            Expected c = out.computeIfAbsent(e.aggregate(), k -> new Expected());
            switch (e.type()) {
                case "CredentialCreated" -> {
                    c.status = "active";
                    c.name = text(e.payload(), "name");
                    c.provider = text(e.payload(), "provider");
                    c.secretVersion = e.payload().path("secretVersion").asInt();
                }
                case "CredentialRenamed" -> c.name = text(e.payload(), "newName");
                case "CredentialSecretRotated" -> c.secretVersion = e.payload().path("secretVersion").asInt();
                case "CredentialDeleted" -> c.status = "deleted";
                case "CredentialRestored" -> c.status = "active";
                case "SettingBound" -> c.bindings.add(e.ref());
                case "SettingUnbound" -> c.bindings.remove(e.ref());
                default -> {
                }
            }
        }
        return out;
    }

    /** Every acknowledged command's events present exactly once; none of a refused one. */
    private List<String> checkLedger(List<Event> events) {
        Map<String, List<Event>> byRequest = new HashMap<>();
        Set<String> everBound = new HashSet<>();
        for (Event e : events) {
            if (e.requestId() != null) {
                byRequest.computeIfAbsent(e.requestId(), k -> new ArrayList<>()).add(e);
            }
            if (e.type().equals("SettingBound")) {
                everBound.add(e.aggregate() + "|" + e.ref());
            }
        }
        List<String> out = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        int retried = 0;
        int failedButCommitted = 0;
        for (Op op : ledger) {
            outcomes.merge(op.kind + " " + op.outcome(), 1, Integer::sum);
            if (op.attempts > 1) {
                retried++;
            }
            List<Event> left = byRequest.getOrDefault(op.requestId, List.of());
            List<String> types = left.stream().map(e -> e.type() + "@" + e.aggregate()).toList();
            if (op.refused()) {
                if (!left.isEmpty()) {
                    out.add("refused, yet left events " + types + ": " + op);
                }
                continue;
            }
            if (!op.acknowledged()) {
                if (!left.isEmpty()) {
                    failedButCommitted++;
                }
                continue;
            }
            String id = op.credentialId;
            String ref = op.instanceId + "|" + op.settingKey;
            boolean ok = switch (op.kind) {
                case "create" -> types.equals(List.of("CredentialCreated@" + text(op.json, "id")));
                case "rename" -> types.equals(List.of("CredentialRenamed@" + id));
                case "rotate" -> types.equals(List.of("CredentialSecretRotated@" + id));
                case "unbind" -> left.size() == 1 && left.get(0).type().equals("SettingUnbound")
                        && "REQUESTED".equals(text(left.get(0).payload(), "reason")) && left.get(0).ref().equals(ref);
                case "delete" -> {
                    int unbound = array(op.json, "unbound").size();
                    yield left.size() == unbound + 1 && types.get(0).equals("CredentialDeleted@" + id)
                            && left.stream().skip(1).allMatch(e -> e.type().equals("SettingUnbound")
                            && "CREDENTIAL_DELETED".equals(text(e.payload(), "reason")));
                }
                case "bind" -> {
                    String replaced = text(op.json, "replacedCredentialId");
                    if (replaced == null) {
                        yield types.equals(List.of("SettingBound@" + id)) && left.get(0).ref().equals(ref)
                                || left.isEmpty() && everBound.contains(id + "|" + ref);
                    }
                    yield new HashSet<>(types).equals(Set.of("SettingUnbound@" + replaced, "SettingBound@" + id))
                            && left.size() == 2;
                }
                default -> false;
            };
            if (!ok) {
                out.add("acknowledged, but its events are " + types + ": " + op);
            }
        }
        long acknowledged = ledger.stream().filter(Op::acknowledged).count();
        long refused = ledger.stream().filter(Op::refused).count();
        report.put("commands sent", ledger.size());
        report.put("commands acknowledged", acknowledged);
        report.put("commands refused (4xx problem, no event)", refused);
        report.put("commands failed (no answer after " + ATTEMPTS + " attempts)", ledger.size() - acknowledged
                - refused);
        report.put("failed commands whose events are in the store", failedButCommitted);
        report.put("commands answered only after a retry (same Idempotency-Key)", retried);
        report.put("commands by outcome", outcomes);
        Map<String, Integer> lost = new TreeMap<>();
        for (Op op : ledger) {
            for (String attempt : op.lostAttempts) {
                lost.merge(attempt.startsWith("no answer") ? "no answer"
                        : attempt.substring(0, attempt.indexOf(' ')), 1, Integer::sum);
            }
        }
        report.put("attempts that got no answer or a 5xx (sent again)", lost);
        synchronized (resolutions) {
            report.put("resolutions by status", new TreeMap<>(resolutions));
        }
        return out;
    }

    /** The live qr_* tables and the audit chain against what the events say. */
    private List<String> readModelMismatches(List<Event> events, Map<String, Expected> expected) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = pg.settings().connect(); Statement s = c.createStatement()) {
            Map<String, String> live = new TreeMap<>();
            try (ResultSet rs = s.executeQuery("select credential_id, status, name, provider, secret_version, "
                    + "binding_count from qr_credential")) {
                while (rs.next()) {
                    live.put(rs.getString(1), rs.getString(2).toLowerCase() + "|" + rs.getString(3) + "|"
                            + rs.getString(4) + "|" + rs.getInt(5) + "|" + rs.getLong(6));
                }
            }
            Map<String, String> rebuilt = new TreeMap<>();
            expected.forEach((id, e) -> rebuilt.put(id, e.status + "|" + e.name + "|" + e.provider + "|"
                    + e.secretVersion + "|" + e.bindings.size()));
            diff("qr_credential", rebuilt, live, out);

            Set<String> liveBindings = new TreeSet<>();
            try (ResultSet rs = s.executeQuery("select credential_id, instance_id, setting_key from qr_binding")) {
                while (rs.next()) {
                    liveBindings.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3));
                }
            }
            Set<String> rebuiltBindings = new TreeSet<>();
            expected.forEach((id, e) -> e.bindings.forEach(ref -> rebuiltBindings.add(id + "|" + ref)));
            diff("qr_binding", toMap(rebuiltBindings), toMap(liveBindings), out);

            Map<String, String> history = new TreeMap<>();
            Map<String, String> audit = new TreeMap<>();
            Map<String, String> chain = new TreeMap<>();
            for (Event e : events) {
                String index = Long.toString(e.globalIndex());
                if (CREDENTIAL_EVENTS.contains(e.type())) {
                    history.put(index, e.credentialId() + "|" + e.type());
                }
                if (AUDITED_EVENTS.contains(e.type())) {
                    audit.put(index, e.type());
                }
                chain.put(index, e.eventId());
            }
            diff("qr_history_entry", history, rows(s, "select global_sequence, credential_id || '|' || event_type "
                    + "from qr_history_entry"), out);
            diff("qr_audit_entry", audit, rows(s, "select global_sequence, event_type from qr_audit_entry"), out);
            diff("audit_chain_entry", chain, rows(s, "select global_index, event_identifier from audit_chain_entry"),
                    out);
            try (ResultSet rs = s.executeQuery("select count(*), coalesce(min(chain_position), 0), "
                    + "coalesce(max(chain_position), -1) from audit_chain_entry")) {
                rs.next();
                long count = rs.getLong(1);
                if (count > 0 && rs.getLong(3) - rs.getLong(2) + 1 != count) {
                    out.add("audit_chain_entry: positions " + rs.getLong(2) + ".." + rs.getLong(3) + " for " + count
                            + " entries");
                }
            }
        }
        return out;
    }

    private static Map<String, String> toMap(Set<String> keys) {
        Map<String, String> out = new TreeMap<>();
        keys.forEach(k -> out.put(k, "present"));
        return out;
    }

    private static Map<String, String> rows(Statement s, String sql) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static void diff(String table, Map<String, String> rebuilt, Map<String, String> live, List<String> out) {
        Set<String> keys = new TreeSet<>(rebuilt.keySet());
        keys.addAll(live.keySet());
        int n = 0;
        for (String k : keys) {
            if (!Objects.equals(rebuilt.get(k), live.get(k))) {
                if (n++ < 10) {
                    out.add(table + " " + k + ": rebuilt from the events " + rebuilt.get(k) + ", live " + live.get(k));
                }
            }
        }
        if (n > 10) {
            out.add(table + ": " + (n - 10) + " more rows differ");
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Report

    private void writeReport(List<String> violations, long totalNanos) {
        report.put("kill -9", kills.size() + " (command node mid-cascade: " + count("[mid-cascade]")
                + ", query node mid-batch: " + count("[mid-batch]") + ", query node mid-replay: "
                + count("[mid-replay]") + ")");
        report.put("PostgreSQL restarts", restarts.size());
        report.put("total (s)", seconds(totalNanos));
        StringBuilder text = new StringBuilder("Chaos suite (ChaosPostgresIT)\n");
        report.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        text.append("kills:\n");
        kills.forEach(k -> text.append("  - ").append(k).append('\n'));
        text.append("PostgreSQL restarts:\n");
        restarts.forEach(r -> text.append("  - ").append(r).append('\n'));
        if (!chaosProblems.isEmpty()) {
            text.append("problems of the suite's own steps (first 20):\n");
            chaosProblems.stream().limit(20).forEach(p -> text.append("  - ").append(p).append('\n'));
        }
        if (!serverErrors.isEmpty()) {
            text.append("5xx answers (").append(serverErrors.size()).append(", first 5):\n");
            serverErrors.stream().limit(5).forEach(e -> text.append("  - ").append(e).append('\n'));
        }
        text.append("violations: ").append(violations.size()).append('\n');
        violations.stream().limit(100).forEach(v -> text.append("  - ").append(v).append('\n'));
        System.out.println("[e2e] ===== chaos report =====\n" + text);
        try {
            Path work = Path.of(System.getProperty("registry.e2e.work-dir", "target"));
            Files.createDirectories(work);
            Files.writeString(work.resolve("chaos-report.txt"), text.toString());
        } catch (Exception e) {
            log("could not write the chaos report: " + e);
        }
    }

    private static String seconds(long nanos) {
        return String.format("%.1f", nanos / 1e9);
    }

    private static void log(String message) {
        System.out.println("[e2e] " + message);
    }
}
