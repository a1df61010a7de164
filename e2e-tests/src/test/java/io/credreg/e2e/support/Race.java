package io.credreg.e2e.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Requests let go at the same instant, so that they meet inside the registry, and what a race leaves behind. */
public final class Race {

    private Race() {
    }

    /** Runs every request on {@code pool}, all released together, and answers their results in the same order. */
    @SafeVarargs
    public static <T> List<T> run(ExecutorService pool, Callable<T>... requests) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> pending = new ArrayList<>();
        for (Callable<T> request : requests) {
            pending.add(pool.submit(() -> {
                start.await();
                return request.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> result : pending) {
            results.add(result.get(2, TimeUnit.MINUTES));
        }
        return results;
    }

    /**
     * The rotations in a credential's history, once the history shows every event up to the version its detail shows
     * (the history is another processor, which may lag behind the detail's).
     */
    public static long rotationsIn(Api api, String id) {
        long version = Long.parseLong(api.get("/api/credentials/" + id).expect(200).header("ETag").orElseThrow()
                .replace("\"", ""));
        List<tools.jackson.databind.JsonNode> history = eventually("the history of " + id + " caught up", () -> {
            List<tools.jackson.databind.JsonNode> entries =
                    elements(api.get("/api/credentials/" + id + "/history").expect(200).json());
            assertThat(entries).as("entries up to version %d", version).hasSize((int) version + 1);
            return entries;
        });
        return history.stream().filter(entry -> "CredentialSecretRotated".equals(text(entry, "type"))).count();
    }
}
