package io.credreg.e2e.postgres;

import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.TwoCommandNodes;

/**
 * Idempotency keys across two command nodes over one PostgreSQL database (decision 0140): the same key sent to both
 * nodes at once executes once, and both answers are that execution's; a retry on the other node replays it. Runs
 * after the other PostgreSQL classes (it resets the schema).
 */
@Order(92)
class IdempotencyAcrossNodesPostgresIT extends TwoCommandNodes {

    private static final String KEY = "Idempotency-Key";
    private static final int ROUNDS = 12;





    @Test
    @DisplayName("the same key on two command nodes at once issues one token, and both answers are its answer")
    void oneExecutionAcrossNodes() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String key = "nodes-" + Ids.random(16);
                String name = "idem-nodes-" + Ids.random(8);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Api.Response>> answers = new ArrayList<>();
                for (Api api : List.of(apiA, apiB)) {
                    answers.add(clients.submit(() -> {
                        start.await();
                        return api.command("POST", "/api/tokens").header(KEY, key)
                                .json("name", name, "role", "AUDITOR").send();
                    }));
                }
                start.countDown();
                List<Api.Response> replies = new ArrayList<>();
                for (Future<Api.Response> answer : answers) {
                    replies.add(answer.get(2, TimeUnit.MINUTES));
                }
                List<Api.Response> issued = replies.stream().filter(reply -> reply.status() == 201).toList();
                assertThat(issued).as("round %d: %s", round, replies).isNotEmpty();
                assertThat(issued).extracting(Api.Response::body).containsOnly(issued.get(0).body());
                replies.stream().filter(reply -> reply.status() != 201)
                        .forEach(reply -> reply.expectProblem(409, "idempotency-key-in-progress"));
                assertThat(elements(apiA.command("GET", "/api/tokens").send().expect(200).json()).stream()
                        .filter(entry -> name.equals(text(entry, "name")))).as("round %d", round).hasSize(1);
                // a later retry on either node replays the same answer
                Api.Response replay = (round % 2 == 0 ? apiB : apiA).command("POST", "/api/tokens").header(KEY, key)
                        .json("name", name, "role", "AUDITOR").send().expect(201);
                assertThat(replay.body()).isEqualTo(issued.get(0).body());
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
