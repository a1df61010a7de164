package io.credreg.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.RegistryEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark, not a test: a credential bound to N settings across N/2 instances is deleted, and the time is taken
 * from sending the DELETE until the query side shows no binding of it left. {@code ./mvnw -B verify -Pbenchmark}
 * runs the full form (1,000 and 10,000 bindings, three runs each after a warm-up of 500); the default build runs a
 * short one (1,000 bindings, one run, no warm-up, the applications on the tests' quick-start JVM flags) so that it
 * keeps working. Sizes, repetitions and warm-up come from
 * {@code -Dbench.sizes=1000,10000 -Dbench.runs=3 -Dbench.warmup-size=500} (module benchmarks' pom). The applications
 * run on the embedded default (H2), with the JVM's default flags, exactly as {@code ./registry up} starts them.
 */
class DeletionCascadeBenchmark {

    private static final int CLIENTS = 8;
    /** H2 unless {@code -Dbench.database=POSTGRES} (with {@code REGISTRY_E2E_PG_URL} set, as bench/postgres does). */
    private static final Database DATABASE = Database.valueOf(System.getProperty("bench.database", "H2"));
    private static final long POLL_MILLIS = 10;
    private static RegistryEnvironment registry;
    private static Api api;

    @BeforeAll
    static void start() {
        // the JVM's default flags unless the build says otherwise (its short form keeps the tests' quick-start flags)
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

    @Test
    void deletionCascadeUntilTheQuerySideShowsNoBinding() throws Exception {
        List<Integer> sizes = sizes();
        int runs = Integer.getInteger("bench.runs", 3);
        warmUp();
        List<Result> results = new ArrayList<>();
        for (int size : sizes) {
            for (int run = 1; run <= runs; run++) {
                Result result = measure(size, run);
                results.add(result);
                Bench.log(result.line());
            }
        }
        report(results, sizes, runs);
    }

    private static void warmUp() throws Exception {
        int size = Integer.getInteger("bench.warmup-size", 500);
        if (size > 0) {
            measure(size, 0);
        }
    }

    private static Result measure(int bindings, int run) throws Exception {
        String tag = "b" + bindings + "-" + run + "-" + UUID.randomUUID().toString().substring(0, 8);
        String id = api.command("POST", "/api/credentials")
                .json("name", tag, "provider", "openai", "secret", "sk-bench-" + UUID.randomUUID())
                .send().expect(201).text("id");
        long setupStart = System.nanoTime();
        bindAll(id, tag, bindings);
        double setupSeconds = (System.nanoTime() - setupStart) / 1e9;
        awaitBindingCount(id, bindings, TimeUnit.MINUTES.toNanos(30));

        long start = System.nanoTime();
        Api.Response deleted = api.command("DELETE", "/api/credentials/" + id).timeout(Duration.ofMinutes(30))
                .send().expect(200);
        long answered = System.nanoTime();
        awaitBindingCount(id, 0, TimeUnit.MINUTES.toNanos(30));
        long clean = System.nanoTime();
        if (!api.get("/api/credentials/" + id + "/deletion-impact").expect(200).json().path("settings").isEmpty()) {
            throw new AssertionError("deletion impact of " + id + " still lists settings");
        }
        int unbound = deleted.json().path("unbound").size();
        if (unbound != bindings) {
            throw new AssertionError("the deletion unbound " + unbound + " settings, expected " + bindings);
        }
        return new Result(bindings, run, setupSeconds, (answered - start) / 1e6, (clean - start) / 1e6);
    }

    /** N settings over N/2 instances: each instance has its default setting and one bot setting. */
    private static void bindAll(String credentialId, String tag, int bindings) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (int i = 0; i < bindings; i++) {
                String instance = tag + "-i" + (i / 2);
                String setting = i % 2 == 0 ? "openai.default" : "openai.bot." + i;
                pending.add(clients.submit(() -> api.command("PUT", "/api/instances/" + instance + "/settings/" + setting)
                        .json("credentialId", credentialId).send().expect(200)));
            }
            for (Future<?> request : pending) {
                request.get();
            }
        } finally {
            clients.shutdown();
        }
    }

    private static void awaitBindingCount(String id, int expected, long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            Api.Response detail = api.get("/api/credentials/" + id);
            if (detail.status() == 200 && detail.json().path("bindingCount").asLong(-1) == expected) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("query side did not reach bindingCount " + expected + " for " + id
                        + ": " + detail);
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static List<Integer> sizes() {
        List<Integer> sizes = new ArrayList<>();
        for (String size : System.getProperty("bench.sizes", "1000,10000").split(",")) {
            sizes.add(Integer.parseInt(size.strip()));
        }
        return sizes;
    }

    private static void report(List<Result> results, List<Integer> sizes, int runs) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("## Deletion cascade, ").append(Instant.now()).append("\n\n")
                .append(DATABASE == Database.H2 ? "Embedded default (H2 file database)" : "PostgreSQL")
                .append(", both applications with ")
                .append(Boolean.getBoolean(RegistryEnvironment.PRODUCTION_JVM) ? "default JVM flags, "
                        : "the tests' quick-start JVM flags (a short run that keeps the benchmark working, no figure "
                        + "to quote), ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores. ")
                .append("Time from sending the DELETE until the query side shows `bindingCount` 0; ")
                .append(runs).append(" runs per size after ").append(warmUpText()).append(".\n\n")
                .append("| bindings | run | bind setup (s) | DELETE answered (ms) | query side clean (ms) |\n")
                .append("|---:|---:|---:|---:|---:|\n");
        results.forEach(r -> md.append(r.row()).append('\n'));
        md.append("\n| bindings | median until clean (ms) | per binding (µs) |\n|---:|---:|---:|\n");
        for (int size : sizes) {
            double median = median(results.stream().filter(r -> r.bindings() == size).mapToDouble(Result::cleanMillis)
                    .sorted().toArray());
            double perBinding = median * 1000 / size;
            md.append(String.format(Locale.ROOT, "| %d | %.0f | %.1f |%n", size, median, perBinding));
        }
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks", "deletion-cascade.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        Bench.log("written to " + out.toAbsolutePath());
        System.out.println(md);
    }

    private static String warmUpText() {
        int size = Integer.getInteger("bench.warmup-size", 500);
        return size > 0 ? "one warm-up run of " + size : "no warm-up run";
    }

    private static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private record Result(int bindings, int run, double setupSeconds, double deleteMillis, double cleanMillis) {
        String row() {
            return String.format(Locale.ROOT, "| %d | %d | %.1f | %.0f | %.0f |", bindings, run, setupSeconds,
                    deleteMillis, cleanMillis);
        }

        String line() {
            return String.format(Locale.ROOT, "%d bindings, run %d: setup %.1f s, DELETE answered in %.0f ms, "
                    + "query side clean after %.0f ms", bindings, run, setupSeconds, deleteMillis, cleanMillis);
        }
    }
}
