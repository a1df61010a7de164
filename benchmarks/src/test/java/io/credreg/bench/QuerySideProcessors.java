package io.credreg.bench;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.RegistryEnvironment;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.List;

/** The query side's processors, as its admin API lists them, and waiting until every one has caught up. */
final class QuerySideProcessors {

    static final List<String> ALL = List.of("api-tokens", "audit", "audit-chain", "credential-history",
            "credentials");

    private QuerySideProcessors() {
    }

    /**
     * Waits until every processor runs, replays nothing, has lag 0 and has all of its segments claimed (the audit
     * chain has one, the others two). With a {@code progressEvery}, logs the positions that often while waiting.
     */
    static void awaitCaughtUp(RegistryEnvironment registry, Duration timeout, Duration progressEvery)
            throws InterruptedException {
        awaitCaughtUp(registry.api(), registry::checkAlive, () -> registry.logTails(60), timeout, progressEvery);
    }

    /** The same through any query node's {@link Api}; {@code checkAlive} fails when a process died. */
    static void awaitCaughtUp(Api api, Runnable checkAlive, java.util.function.Supplier<String> logTails,
                              Duration timeout, Duration progressEvery) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLog = System.nanoTime();
        while (System.nanoTime() < deadline) {
            checkAlive.run();
            Api.Response r = api.get("/api/admin/processors");
            if (r.status() == 200) {
                JsonNode list = r.json();
                boolean done = list.size() == ALL.size();
                StringBuilder line = new StringBuilder();
                for (JsonNode p : list) {
                    done &= caughtUp(p);
                    line.append(p.path("name").asString()).append(" position ").append(p.path("position"))
                            .append(" lag ").append(p.path("lag")).append("; ");
                }
                if (done) {
                    return;
                }
                if (progressEvery != null && System.nanoTime() - lastLog > progressEvery.toNanos()) {
                    Bench.log(line.toString());
                    lastLog = System.nanoTime();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("processors not caught up within " + timeout + "\n" + logTails.get());
    }

    private static boolean caughtUp(JsonNode processor) {
        int segments = "audit-chain".equals(processor.path("name").asString()) ? 1 : 2;
        return "running".equals(processor.path("status").asString()) && !processor.path("replaying").asBoolean()
                && processor.path("lag").isNumber() && processor.path("lag").asLong() == 0
                && processor.path("segments").size() == segments;
    }
}
