package io.credreg.e2e.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.TwoCommandNodes;

/**
 * Issue 10 across two command nodes over one PostgreSQL event store: after a bind, rotation, unbind or deletion on
 * one node, the very next resolution on the other answers the new state (200 with the new version, 404 or 410),
 * never a stale answer and never a 5xx; and a rotation and a deletion of a credential that 64 instances are
 * resolving on both nodes succeed at the first attempt. Each node warms its cached copy of the credential first, so
 * a stale cache would show. Runs after the other PostgreSQL classes (it resets the schema).
 */
@Order(91)
class ResolutionAcrossNodesPostgresIT extends TwoCommandNodes {

    private static final int INSTANCES = 64;





    @Test
    @DisplayName("a change on one node is what the other node's very next resolution answers")
    void theOtherNodeAnswersTheNewStateAtOnce() {
        String credential = create(apiA, "cross");
        String instance = Ids.instance("cross");
        String path = secretPath(instance);
        // both nodes hold the credential in their caches before the changes
        apiA.command("PATCH", "/api/credentials/" + credential).as("alice").json("name", Ids.name("warm a")).send()
                .expect(200);
        apiB.command("PATCH", "/api/credentials/" + credential).as("alice").json("name", Ids.name("warm b")).send()
                .expect(200);
        apiB.command("GET", path).as("alice").send().expectProblem(404, "not-found");

        apiA.command("PUT", "/api/instances/" + instance + "/settings/openai.default").as("alice")
                .json("credentialId", credential).send().expect(200);
        assertThat(apiB.command("GET", path).as("alice").send().expect(200).json().get("version").asInt())
                .as("bound on A, resolved on B").isEqualTo(1);

        String rotated = Ids.secret();
        apiB.command("PUT", "/api/credentials/" + credential + "/secret").as("alice").json("secret", rotated).send()
                .expect(200);
        Api.Response afterRotation = apiA.command("GET", path).as("alice").send().expect(200);
        assertThat(afterRotation.json().get("version").asInt()).as("rotated on B, resolved on A").isEqualTo(2);
        assertThat(afterRotation.text("secret")).isEqualTo(rotated);

        apiA.command("DELETE", "/api/instances/" + instance + "/settings/openai.default").as("alice").send()
                .expect(204);
        apiB.command("GET", path).as("alice").send().expectProblem(404, "not-found");

        apiB.command("PUT", "/api/instances/" + instance + "/settings/openai.default").as("alice")
                .json("credentialId", credential).send().expect(200);
        apiA.command("GET", path).as("alice").send().expect(200);
        apiB.command("DELETE", "/api/credentials/" + credential).as("alice").send().expect(200);
        apiA.command("GET", path).as("alice").send().expectProblem(410, "credential-deleted");
    }

    @Test
    @DisplayName("a rotation and a deletion under resolution load from 64 instances on both nodes succeed at the first attempt")
    void rotationAndDeletionUnderLoad() throws Exception {
        String credential = create(apiA, "shared");
        List<String> instances = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < INSTANCES; i++) {
            String instance = Ids.instance("fleet" + i);
            instances.add(instance);
            (i % 2 == 0 ? apiA : apiB).command("PUT", "/api/instances/" + instance + "/settings/openai.default")
                    .as("alice").json("credentialId", credential).send().expect(200);
            tokens.add(apiA.issueToken("fleet-bot-" + Ids.random(6), "INSTANCE", instance));
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean deleted = new AtomicBoolean(false);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> unexpected = new java.util.concurrent.CopyOnWriteArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<?>> load = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            int client = c;
            load.add(clients.submit(() -> {
                int i = client;
                while (running.get()) {
                    int n = i++ % INSTANCES;
                    boolean wasDeleted = deleted.get();
                    Api.Response r = (n % 2 == 0 ? apiB : apiA).command("GET", secretPath(instances.get(n)))
                            .token(tokens.get(n)).send();
                    statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (r.status() >= 500 || (wasDeleted && r.status() != 410)
                            || (r.status() != 200 && r.status() != 410)) {
                        unexpected.add(r.toString());
                    }
                }
            }));
        }
        try {
            Thread.sleep(2000);
            apiA.command("PUT", "/api/credentials/" + credential + "/secret").as("alice").json("secret", Ids.secret())
                    .send().expect(200);
            Thread.sleep(1000);
            apiB.command("DELETE", "/api/credentials/" + credential).as("alice").send().expect(200);
            deleted.set(true);
            Thread.sleep(1000);
        } finally {
            running.set(false);
            for (Future<?> f : load) {
                f.get(30, TimeUnit.SECONDS);
            }
            clients.shutdownNow();
        }
        assertThat(unexpected).as("statuses %s", statuses).isEmpty();
        assertThat(statuses.get(200)).as("statuses %s", statuses).isNotNull();
        assertThat(statuses.get(410)).as("statuses %s", statuses).isNotNull();
    }

    private static String create(Api api, String what) {
        return api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name(what), "provider", "openai", "secret", Ids.secret()).send().expect(201)
                .text("id");
    }

    private static String secretPath(String instance) {
        return "/api/instances/" + instance + "/settings/openai.default/secret";
    }
}
