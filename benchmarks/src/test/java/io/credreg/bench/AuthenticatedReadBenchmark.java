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
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A benchmark, not a test: what authentication costs. In one run on the embedded H2, {@code bench.clients} closed-loop
 * clients read an instance's settings on the query side with an AUDITOR token, then call the open
 * {@code /actuator/health/liveness} of the same node; the ratio of their rates is the figure (aim: at least 0.6).
 * <p>
 * {@code ./mvnw -B verify -Pbenchmark -Dit.test=AuthenticatedReadBenchmark}; knobs {@code -Dbench.clients=16
 * -Dbench.seconds=20 -Dbench.warmup-seconds=5}. Any answer but 200 fails the run.
 */
class AuthenticatedReadBenchmark {

    private static final int CLIENTS = Integer.getInteger("bench.clients", 16);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup-seconds", 5);

    private static RegistryEnvironment registry;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    record Phase(String name, double perSecond, double p50Millis, double p99Millis, long requests) {
        String row() {
            return String.format(Locale.ROOT, "| %s | %,.0f | %.1f ms | %.1f ms | %,d |", name, perSecond, p50Millis,
                    p99Millis, requests);
        }
    }

    @BeforeAll
    static void start() {
        System.setProperty(RegistryEnvironment.PRODUCTION_JVM,
                System.getProperty(RegistryEnvironment.PRODUCTION_JVM, "true"));
        registry = RegistryEnvironment.start(Database.H2);
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.stop();
        }
    }

    @Test
    void authenticatedReadAgainstHealth() throws Exception {
        Api api = registry.api();
        String instance = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        String credential = api.command("POST", "/api/credentials").json("name", "bench " + instance,
                "provider", "openai", "secret", "sk-bench-" + UUID.randomUUID()).send().expect(201).text("id");
        api.command("PUT", "/api/instances/" + instance + "/settings/openai.default")
                .json("credentialId", credential).send().expect(200, 201, 204);
        String auditor = api.issueToken("bench-auditor-" + instance, "AUDITOR", null);
        URI read = api.queryBase().resolve("/api/instances/" + instance + "/settings");
        URI health = api.queryBase().resolve("/actuator/health/liveness");
        // the query side must know the token before the run
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (send(read, auditor) != 200 && System.nanoTime() < deadline) {
            RegistryEnvironment.sleepMillis(50);
        }

        run("warm-up read", read, auditor, WARMUP_SECONDS);
        run("warm-up health", health, null, WARMUP_SECONDS);
        Phase authenticated = run("`GET /api/instances/{id}/settings`, AUDITOR token (query side)", read, auditor,
                SECONDS);
        Phase open = run("`GET /actuator/health/liveness`, no token (query side)", health, null, SECONDS);
        report(authenticated, open);
    }

    private static Phase run(String name, URI uri, String token, int seconds) throws Exception {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    int status = send(uri, token);
                    long micros = (System.nanoTime() - sent) / 1_000;
                    synchronized (latency) {
                        latency.recordValue(Math.min(micros, latency.getHighestTrackableValue()));
                    }
                    if (status != 200) {
                        failures.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : clients) {
            client.get();
        }
        pool.shutdown();
        double elapsed = Bench.seconds(start);
        if (failures.get() > 0) {
            throw new AssertionError(name + ": " + failures.get() + " answers were not 200");
        }
        Phase phase = new Phase(name, latency.getTotalCount() / elapsed,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getTotalCount());
        Bench.log(phase.row());
        return phase;
    }

    private static int send(URI uri, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void report(Phase authenticated, Phase open) throws IOException {
        String md = "# Authenticated read against health, " + Instant.now() + "\n\n"
                + CLIENTS + " clients, " + SECONDS + " s each, embedded H2, one node\n\n"
                + "| request | requests/s | p50 | p99 | requests |\n|---|---:|---:|---:|---:|\n"
                + authenticated.row() + "\n" + open.row() + "\n\n"
                + String.format(Locale.ROOT, "ratio authenticated / open: **%.2f** (aim: at least 0.6)%n",
                authenticated.perSecond() / open.perSecond());
        Path out = Path.of(System.getProperty("registry.e2e.work-dir", "target"), "benchmarks",
                "authenticated-read.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        Bench.log(md);
    }
}
