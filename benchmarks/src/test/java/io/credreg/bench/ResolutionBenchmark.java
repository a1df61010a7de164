package io.credreg.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.RegistryEnvironment;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A benchmark, not a test (issue 10): secret resolution by 16 and 64 closed-loop clients over 64 instances that share
 * one credential, next to the authenticated query-side read ({@code GET /api/instances/{id}/settings} with the same
 * instance tokens), the unauthenticated liveness check of both sides, and the query side's liveness check with a
 * valid token (what authentication itself costs), one after the other in one run. Each phase starts with the query
 * side caught up and runs a warm-up first. Reports requests/s, p50, p99, their ratios, the CPU each request cost each
 * process, and the credential's stream length before and after. A client count given twice ({@code 16,16,64}) runs a
 * round with every JVM warm; the ratios are those of a count's last round.
 * <p>
 * {@code ./mvnw -B verify -Pbenchmark -Dit.test=ResolutionBenchmark} runs it on the embedded H2 (the applications on
 * the JVM's default flags, as {@code ./registry up} starts them); {@code bench/postgres ResolutionBenchmark
 * -Dbench.database=POSTGRES} on PostgreSQL. Knobs: {@code -Dbench.clients=16,64 -Dbench.seconds=20
 * -Dbench.warmup-seconds=10}. Not part of the default build. Any answer but 200 fails it.
 */
class ResolutionBenchmark {

    private static final int INSTANCES = 64;
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup-seconds", 10);
    private static final Database DATABASE = Database.valueOf(System.getProperty("bench.database", "H2"));

    private static RegistryEnvironment registry;
    private static Api api;
    private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).executor(Executors.newCachedThreadPool()).build();

    @BeforeAll
    static void start() {
        System.setProperty(RegistryEnvironment.PRODUCTION_JVM,
                System.getProperty(RegistryEnvironment.PRODUCTION_JVM, "true"));
        registry = RegistryEnvironment.start(DATABASE);
        api = registry.api();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.stop();
        }
    }

    /** {@code cpuMicros}: CPU µs per request by part ({@link ProcessCpu}), other processes and the machine's total. */
    record Result(String what, int clients, long requests, double seconds, double p50, double p99,
                  Map<String, Double> cpuMicros) {
        double rate() {
            return requests / seconds;
        }
    }

    static final String OTHER = "other processes";
    static final String MACHINE = "the whole machine";

    @Test
    void resolutionNextToAnAuthenticatedReadAndTheHealthCheck() throws Exception {
        SharedKey key = SharedKey.bind(INSTANCES, api, i -> api);
        long streamBefore = key.streamLength(registry.jdbc());
        URI command = api.commandBase();
        URI query = api.queryBase();
        IntFunction<HttpRequest> resolution = i -> get(command, key.resolutionPath(i), key.token(i));
        IntFunction<HttpRequest> read = i -> get(query, key.settingsPath(i), key.token(i));
        IntFunction<HttpRequest> health = i -> get(command, "/actuator/health/liveness", null);
        IntFunction<HttpRequest> queryHealth = i -> get(query, "/actuator/health/liveness", null);
        // the same open endpoint with a valid token: what authentication itself costs, nothing else
        IntFunction<HttpRequest> queryHealthWithToken = i -> get(query, "/actuator/health/liveness", key.token(i));

        List<Result> results = new ArrayList<>();
        long resolutions = 0;
        for (int clients : clientCounts()) {
            for (Object[] kind : new Object[][]{{"resolution", resolution}, {"query-side read", read},
                    {"health (command side)", health}, {"health (query side)", queryHealth},
                    {"health with a token (query side)", queryHealthWithToken}}) {
                @SuppressWarnings("unchecked")
                IntFunction<HttpRequest> requests = (IntFunction<HttpRequest>) kind[1];
                // each phase starts with the query side caught up, so that none pays for the resolutions before it
                QuerySideProcessors.awaitCaughtUp(registry, Duration.ofMinutes(10), Duration.ofSeconds(10));
                run(clients, WARMUP_SECONDS, requests);
                Result result = measure((String) kind[0], clients, requests);
                results.add(result);
                Bench.log(String.format(Locale.ROOT, "%s, %d clients: %.0f/s, p50 %.1f ms, p99 %.1f ms",
                        result.what(), clients, result.rate(), result.p50(), result.p99()));
            }
        }
        long streamAfter = key.streamLength(registry.jdbc());
        report(results, streamBefore, streamAfter);
        if (streamAfter != streamBefore) {
            throw new AssertionError("resolutions grew the credential's stream from " + streamBefore + " to "
                    + streamAfter + " events");
        }
    }

    static HttpRequest get(URI base, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    static Result measure(String what, int clients, IntFunction<HttpRequest> requests) throws Exception {
        return measure(what, clients, requests, DATABASE);
    }

    static Result measure(String what, int clients, IntFunction<HttpRequest> requests, Database database)
            throws Exception {
        String pgDatabase = database == Database.POSTGRES ? postgresDatabase() : null;
        Map<String, Double> cpuBefore = ProcessCpu.millis(pgDatabase);
        double machineBefore = ProcessCpu.machineBusyMillis();
        long start = System.nanoTime();
        Histogram latencies = run(clients, SECONDS, requests);
        double seconds = Bench.seconds(start);
        Map<String, Double> cpuAfter = ProcessCpu.millis(pgDatabase);
        double machine = ProcessCpu.machineBusyMillis() - machineBefore;
        long count = latencies.getTotalCount();
        Map<String, Double> perRequest = new LinkedHashMap<>();
        // a process that ended during the phase takes its CPU time with it: never below zero
        cpuAfter.forEach((part, millis) -> perRequest.put(part,
                Math.max(0, millis - cpuBefore.getOrDefault(part, 0.0)) * 1000 / count));
        double parts = perRequest.values().stream().mapToDouble(Double::doubleValue).sum();
        perRequest.put(OTHER, Math.max(0, machine * 1000 / count - parts));
        perRequest.put(MACHINE, machine * 1000 / count);
        return new Result(what, clients, count, seconds, latencies.getValueAtPercentile(50) / 1000.0,
                latencies.getValueAtPercentile(99) / 1000.0, perRequest);
    }

    /** The PostgreSQL database the applications use, whose backends' CPU is counted. */
    private static String postgresDatabase() {
        String url = System.getenv("REGISTRY_E2E_PG_URL");
        return url != null && !url.isBlank()
                ? ProcessCpu.databaseName(url, System.getenv("REGISTRY_E2E_PG_USER")) : null;
    }

    /** Closed loop: each client sends its next request when the previous one answered. Latencies in µs. */
    static Histogram run(int clients, int seconds, IntFunction<HttpRequest> requests) throws Exception {
        return run(clients, seconds, Long.MAX_VALUE, requests);
    }

    /** {@link #run(int, int, IntFunction)} that also stops once {@code limit} requests were sent. */
    static Histogram run(int clients, int seconds, long limit, IntFunction<HttpRequest> requests) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        AtomicLong counter = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<Histogram>> each = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                each.add(pool.submit(() -> {
                    Histogram latencies = new Histogram(60_000_000L, 3);
                    while (System.nanoTime() < deadline) {
                        long n = counter.getAndIncrement();
                        if (n >= limit) {
                            break;
                        }
                        HttpRequest request = requests.apply((int) (n % Integer.MAX_VALUE));
                        long sent = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        latencies.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(request.uri() + " -> " + response.statusCode() + " "
                                    + response.body());
                        }
                    }
                    return latencies;
                }));
            }
            Histogram all = new Histogram(60_000_000L, 3);
            for (Future<Histogram> f : each) {
                all.add(f.get());
            }
            return all;
        } finally {
            pool.shutdownNow();
        }
    }

    static List<Integer> clientCounts() {
        return Arrays.stream(System.getProperty("bench.clients", "16,64").split(","))
                .map(String::strip).map(Integer::valueOf).toList();
    }

    /**
     * CPU µs per request by process, and the machine's total per request against the read's: a cost that moves far
     * less between runs than a rate does on a shared machine.
     */
    static String cpuTable(List<Result> results) {
        List<String> parts = new ArrayList<>(results.get(0).cpuMicros().keySet());
        StringBuilder md = new StringBuilder("\nCPU per request, µs (from /proc; the machine's total includes "
                + "everything that ran, the kernel's network stack too):\n\n| what | clients | ")
                .append(String.join(" | ", parts)).append(" | machine / read's |\n|---|---:|")
                .append("---:|".repeat(parts.size() + 1)).append('\n');
        for (int i = 0; i < results.size(); i++) {
            Result r = results.get(i);
            Result read = sameRound(results, i, "query-side read");
            md.append("| ").append(r.what()).append(" | ").append(r.clients()).append(" | ");
            for (String part : parts) {
                md.append(String.format(Locale.ROOT, "%.0f | ", r.cpuMicros().getOrDefault(part, 0.0)));
            }
            md.append(read == null ? "" : String.format(Locale.ROOT, "%.2f", r.cpuMicros().get(MACHINE)
                    / read.cpuMicros().get(MACHINE))).append(" |\n");
        }
        return md.toString();
    }

    /** The phase {@code what} of the round that {@code results[i]} belongs to: the next one, else the one before. */
    private static Result sameRound(List<Result> results, int i, String what) {
        int clients = results.get(i).clients();
        for (int j = i; j < results.size(); j++) {
            if (results.get(j).clients() == clients && results.get(j).what().equals(what)) {
                return results.get(j);
            }
        }
        for (int j = i - 1; j >= 0; j--) {
            if (results.get(j).clients() == clients && results.get(j).what().equals(what)) {
                return results.get(j);
            }
        }
        return null;
    }

    private static double ratio(List<Result> results, int clients, String what, String against) {
        return rate(results, clients, what) / rate(results, clients, against);
    }

    /** The last round of {@code clients}: given twice ({@code -Dbench.clients=16,16}), the one with every JVM warm. */
    private static double rate(List<Result> results, int clients, String what) {
        return results.stream().filter(r -> r.clients() == clients && r.what().equals(what))
                .reduce((first, last) -> last).orElseThrow().rate();
    }

    private static void report(List<Result> results, long streamBefore, long streamAfter) throws IOException {
        StringBuilder md = new StringBuilder("# Resolution benchmark (" + DATABASE + ", " + Instant.now() + ")\n\n"
                + "| what | clients | requests/s | p50 ms | p99 ms |\n|---|---:|---:|---:|---:|\n");
        for (Result r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.1f | %.1f |%n", r.what(), r.clients(),
                    r.rate(), r.p50(), r.p99()));
        }
        md.append("\n| clients | resolution / read | read / query-side health | query-side health with a token / "
                + "without | read / command-side health |\n|---:|---:|---:|---:|---:|\n");
        for (int clients : clientCounts().stream().distinct().toList()) {
            md.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f |%n", clients,
                    ratio(results, clients, "resolution", "query-side read"),
                    ratio(results, clients, "query-side read", "health (query side)"),
                    ratio(results, clients, "health with a token (query side)", "health (query side)"),
                    ratio(results, clients, "query-side read", "health (command side)")));
        }
        md.append(cpuTable(results));
        md.append("\nCredential stream: ").append(streamBefore).append(" events before, ").append(streamAfter)
                .append(" after.\n");
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks", "resolution.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        Bench.log(md.toString());
    }
}
