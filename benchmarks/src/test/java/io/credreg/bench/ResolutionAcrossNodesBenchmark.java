package io.credreg.bench;

import io.credreg.bench.ResolutionBenchmark.Result;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Cluster;
import io.credreg.e2e.support.Cluster.Kind;
import io.credreg.e2e.support.Cluster.Node;
import io.credreg.e2e.support.RegistryEnvironment;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A benchmark, not a test (issue 10): secret resolution on PostgreSQL with two command nodes and one query node,
 * the clients spread over both command nodes (client request {@code i} goes to node {@code i % 2}), by 16 and 64
 * closed-loop clients over 64 instances sharing one credential; next to the same run's resolution on node 1 only,
 * authenticated query-side read (same instance tokens) and the liveness check (both command nodes). While the resolutions run, the query side's
 * processors are sampled every 250 ms through its admin API ({@code GET /api/admin/processors}): their lag in events,
 * and in time as the age of the oldest event a processor has not handled yet (its {@code time_stamp} in the event
 * store). Reports requests/s, p50, p99, the lag's max and p99, and the credential's stream length before and after
 * all the run's resolutions ({@code -Dbench.total-resolutions=100000} adds resolutions until that many were served).
 * <p>
 * {@code bench/postgres ResolutionAcrossNodesBenchmark} or, on a PostgreSQL of your own ({@code REGISTRY_E2E_PG_*}
 * set), {@code ./mvnw -B verify -Pbenchmark -Dit.test=ResolutionAcrossNodesBenchmark}. Knobs as
 * {@link ResolutionBenchmark}: {@code -Dbench.clients=16,64 -Dbench.seconds=20 -Dbench.warmup-seconds=5}, and
 * {@code -Dregistry.e2e.db-pool-size=10}. Any answer but 200 fails it, and so does a grown stream.
 */
class ResolutionAcrossNodesBenchmark {

    private static final int INSTANCES = 64;
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup-seconds", 5);
    private static final long TOTAL_RESOLUTIONS = Long.getLong("bench.total-resolutions", 0);
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);

    private static Cluster cluster;
    private static Api apiA;
    private static Api apiB;

    @BeforeAll
    static void start() {
        System.setProperty(RegistryEnvironment.PRODUCTION_JVM,
                System.getProperty(RegistryEnvironment.PRODUCTION_JVM, "true"));
        cluster = Cluster.onFreshPostgres();
        Node a = cluster.launch(Kind.COMMAND, Map.of());
        cluster.awaitHealthy(a); // applies the migrations, once
        Node b = cluster.launch(Kind.COMMAND, Map.of());
        Node q = cluster.launch(Kind.QUERY, Map.of());
        cluster.awaitHealthy(b);
        cluster.awaitHealthy(q);
        apiA = cluster.api(a, q);
        apiB = cluster.api(b, q);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Lag of one phase: per sample, the largest over the processors. Milliseconds and events. */
    private record Lag(String phase, Histogram millis, Histogram events, Map<String, Long> maxMillisByProcessor,
                       int samples, int failedSamples) {
    }

    @Test
    void resolutionOnTwoNodesNextToAnAuthenticatedReadAndTheHealthCheckWithTheQuerySidesLag() throws Exception {
        SharedKey key = SharedKey.bind(INSTANCES, apiA, i -> i % 2 == 0 ? apiA : apiB);
        QuerySideProcessors.awaitCaughtUp(apiA, ResolutionAcrossNodesBenchmark::checkAlive, () -> cluster.logTails(60),
                Duration.ofMinutes(2), null);
        long streamBefore = key.streamLength(cluster.jdbc());
        List<URI> commandNodes = List.of(apiA.commandBase(), apiB.commandBase());
        URI query = apiA.queryBase();
        // each client's requests alternate between the nodes; each pair of them goes to one instance
        IntFunction<HttpRequest> resolution = i -> ResolutionBenchmark.get(commandNodes.get(i % 2),
                key.resolutionPath(i / 2), key.token(i / 2));
        IntFunction<HttpRequest> resolutionOnOneNode = i -> ResolutionBenchmark.get(commandNodes.get(0),
                key.resolutionPath(i), key.token(i));
        IntFunction<HttpRequest> read = i -> ResolutionBenchmark.get(query, key.settingsPath(i), key.token(i));
        IntFunction<HttpRequest> health = i -> ResolutionBenchmark.get(commandNodes.get(i % 2),
                "/actuator/health/liveness", null);

        List<Result> results = new ArrayList<>();
        List<Lag> lags = new ArrayList<>();
        long resolutions = 0;
        for (int clients : ResolutionBenchmark.clientCounts()) {
            for (Object[] kind : new Object[][]{{"resolution (both nodes)", resolution},
                    {"resolution (node 1 only)", resolutionOnOneNode}, {"query-side read", read},
                    {"health (both command nodes)", health}}) {
                @SuppressWarnings("unchecked")
                IntFunction<HttpRequest> requests = (IntFunction<HttpRequest>) kind[1];
                boolean resolving = requests == resolution || requests == resolutionOnOneNode;
                // every phase starts with the query side caught up, so that none pays for the one before
                long catchUp = System.nanoTime();
                QuerySideProcessors.awaitCaughtUp(apiA, ResolutionAcrossNodesBenchmark::checkAlive,
                        () -> cluster.logTails(60), Duration.ofMinutes(10), Duration.ofSeconds(10));
                Bench.log(String.format(Locale.ROOT, "query side caught up in %.1f s", Bench.seconds(catchUp)));
                long warm = ResolutionBenchmark.run(clients, WARMUP_SECONDS, requests).getTotalCount();
                LagSampler sampler = resolving ? new LagSampler(apiA, kind[0] + ", " + clients + " clients") : null;
                Result result;
                try {
                    result = ResolutionBenchmark.measure((String) kind[0], clients, requests, Database.POSTGRES);
                } finally {
                    if (sampler != null) {
                        Lag lag = sampler.stop();
                        lags.add(lag);
                        Bench.log(String.format(Locale.ROOT, "query side's lag while %s: max %d ms, p99 %d ms, "
                                + "max %d events (%d samples, %d failed)", lag.phase(), lag.millis().getMaxValue(),
                                lag.millis().getValueAtPercentile(99), lag.events().getMaxValue(), lag.samples(),
                                lag.failedSamples()));
                    }
                }
                results.add(result);
                if (resolving) {
                    resolutions += warm + result.requests();
                }
                Bench.log(String.format(Locale.ROOT, "%s, %d clients: %.0f/s, p50 %.1f ms, p99 %.1f ms",
                        result.what(), clients, result.rate(), result.p50(), result.p99()));
            }
            checkAlive();
        }
        if (resolutions < TOTAL_RESOLUTIONS) {
            long more = TOTAL_RESOLUTIONS - resolutions;
            Bench.log("resolving " + more + " more times, up to " + TOTAL_RESOLUTIONS);
            int clients = ResolutionBenchmark.clientCounts().stream().max(Integer::compare).orElse(16);
            long start = System.nanoTime();
            resolutions += ResolutionBenchmark.run(clients, Integer.MAX_VALUE, more, resolution).getTotalCount();
            Bench.log(String.format(Locale.ROOT, "%d resolutions by %d clients in %.0f s", more, clients,
                    Bench.seconds(start)));
        }
        QuerySideProcessors.awaitCaughtUp(apiA, ResolutionAcrossNodesBenchmark::checkAlive, () -> cluster.logTails(60),
                Duration.ofMinutes(5), Duration.ofSeconds(10));
        long streamAfter = key.streamLength(cluster.jdbc());
        report(results, lags, resolutions, streamBefore, streamAfter);
        if (streamAfter != streamBefore) {
            throw new AssertionError("resolutions grew the credential's stream from " + streamBefore + " to "
                    + streamAfter + " events");
        }
    }

    /**
     * Asks the query node for its processors every 250 ms. A processor behind the head (lag &gt; 0 events) is late
     * by the age of the first event after its position; one at the head is not late.
     */
    private static final class LagSampler {
        private final String phase;
        private final Api api;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final Histogram millis = new Histogram(3_600_000L, 3);
        private final Histogram events = new Histogram(100_000_000L, 3);
        private final Map<String, Long> maxByProcessor = new TreeMap<>();
        private int samples;
        private int failed;
        private final Connection db;
        private final PreparedStatement firstAfter;

        LagSampler(Api api, String phase) throws SQLException {
            this.api = api;
            this.phase = phase;
            this.db = cluster.jdbc();
            this.firstAfter = db.prepareStatement(
                    "select time_stamp from domain_event_entry where global_index > ? order by global_index limit 1");
            timer.scheduleAtFixedRate(this::sample, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }

        private synchronized void sample() {
            try {
                Api.Response r = api.get("/api/admin/processors");
                Instant at = Instant.now();
                if (r.status() != 200) {
                    failed++;
                    return;
                }
                long worstMillis = 0;
                long worstEvents = 0;
                for (JsonNode p : r.json()) {
                    String name = p.path("name").asString();
                    long lag = p.path("lag").isNumber() ? p.path("lag").asLong() : -1;
                    long position = p.path("position").isNumber() ? p.path("position").asLong() : -1;
                    long late = 0;
                    if (lag < 0 || position < 0) {
                        failed++; // unclaimed for the moment: counted, not guessed
                        continue;
                    }
                    if (lag > 0) {
                        firstAfter.setLong(1, position);
                        try (ResultSet rs = firstAfter.executeQuery()) {
                            if (rs.next()) {
                                late = Math.max(0, Duration.between(Instant.parse(rs.getString(1)), at).toMillis());
                            }
                        }
                    }
                    worstMillis = Math.max(worstMillis, late);
                    worstEvents = Math.max(worstEvents, lag);
                    maxByProcessor.merge(name, late, Math::max);
                }
                millis.recordValue(Math.min(worstMillis, millis.getHighestTrackableValue()));
                events.recordValue(Math.min(worstEvents, events.getHighestTrackableValue()));
                samples++;
            } catch (RuntimeException | SQLException e) {
                failed++;
                Bench.log("lag sample failed: " + e);
            }
        }

        Lag stop() throws InterruptedException, SQLException {
            timer.shutdown();
            timer.awaitTermination(10, TimeUnit.SECONDS);
            synchronized (this) {
                db.close();
                return new Lag(phase, millis, events, maxByProcessor, samples, failed);
            }
        }
    }

    private static void checkAlive() {
        cluster.nodes().forEach(cluster::checkAlive);
    }

    private static void report(List<Result> results, List<Lag> lags, long resolutions, long streamBefore,
                               long streamAfter) throws IOException {
        StringBuilder md = new StringBuilder("# Resolution on two command nodes (POSTGRES, " + Instant.now()
                + ")\n\n| what | clients | requests/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f |%n", r.what(), r.clients(),
                    r.rate(), r.p50(), r.p99()));
        }
        md.append("\n| query side's lag while | samples (failed) | max ms | p99 ms | p50 ms | max events | p99 events "
                + "| max ms by processor |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Lag l : lags) {
            md.append(String.format(Locale.ROOT, "| %s | %d (%d) | %d | %d | %d | %d | %d | %s |%n", l.phase(),
                    l.samples(), l.failedSamples(), l.millis().getMaxValue(),
                    l.millis().getValueAtPercentile(99), l.millis().getValueAtPercentile(50),
                    l.events().getMaxValue(), l.events().getValueAtPercentile(99), l.maxMillisByProcessor()));
        }
        md.append(ResolutionBenchmark.cpuTable(results));
        md.append("\nCredential stream: ").append(streamBefore).append(" events before, ").append(streamAfter)
                .append(" after ").append(resolutions).append(" resolutions (warm-ups included).\n");
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks",
                "resolution-two-nodes.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        Bench.log(md.toString());
    }
}
