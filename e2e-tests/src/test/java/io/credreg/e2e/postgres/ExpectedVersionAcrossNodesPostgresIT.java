package io.credreg.e2e.postgres;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.TwoCommandNodes;
import io.credreg.e2e.support.Race;

/**
 * Issue 14 across two command nodes and a query node over one PostgreSQL event store: two admins, one on each
 * command node, rotate the same credential at once with the If-Match they read from the query side. Exactly one gets
 * 200, the other 412 naming the winner's version, the history shows one rotation, and the query side's ETag becomes
 * the winner's. Both nodes hold the credential in their caches first, so a check against a stale cached copy would
 * show: a caller who read the truth is never refused by a node whose cache fell behind. Runs after the other
 * PostgreSQL classes (it resets the schema).
 */
@Order(92)
class ExpectedVersionAcrossNodesPostgresIT extends TwoCommandNodes {

    private static final int ROUNDS = Integer.getInteger("registry.e2e.expected-version-rounds", 10);

    private final ExecutorService pool = Executors.newFixedThreadPool(2);



    @Override
    protected boolean withQueryNode() {
        return true;
    }

    @AfterAll
    void stopPool() {
        pool.shutdownNow();
    }

    @Test
    @DisplayName("two admins on two command nodes rotate with the same If-Match: exactly one rotation wins")
    void exactlyOneRotationWins() throws Exception {
        int aWon = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            String id = warmCredentialOnBothNodes("race " + round);
            String read = queryETag(id);

            List<Api.Response> replies = Race.run(pool, () -> rotate(apiA, "alice", id, read),
                    () -> rotate(apiB, "bob", id, read));

            assertThat(replies).extracting(Api.Response::status).as("round %d: %s", round, replies)
                    .containsExactlyInAnyOrder(200, 412);
            Api.Response winner = replies.get(0).status() == 200 ? replies.get(0) : replies.get(1);
            Api.Response loser = replies.get(0).status() == 200 ? replies.get(1) : replies.get(0);
            aWon += winner == replies.get(0) ? 1 : 0;
            loser.expectProblem(412, "version-mismatch");
            String winnersVersion = winner.header("ETag").orElseThrow();
            assertThat("\"" + loser.json().get("currentVersion").asLong() + "\"").as("round %d", round)
                    .isEqualTo(winnersVersion);
            assertThat(loser.header("ETag")).contains(winnersVersion);

            awaitQueryETag(id, winnersVersion);
            assertThat(Race.rotationsIn(apiA, id)).as("round %d: one rotation in the history", round).isEqualTo(1);
        }
        System.out.printf("[e2e] %d rounds of two racing rotations with one If-Match: node A won %d, node B %d%n",
                ROUNDS, aWon, ROUNDS - aWon);
    }

    @Test
    @DisplayName("a node whose cached copy fell behind honours the If-Match of a caller who read the truth")
    void aStaleCacheNeverRefusesTheTruth() {
        String id = warmCredentialOnBothNodes("stale cache");
        String afterA = rotate(apiA, "alice", id, queryETag(id)).expect(200).header("ETag").orElseThrow();
        awaitQueryETag(id, afterA);

        // node B still caches the copy before A's rotation; bob read the current version from the query side
        Api.Response bobs = rotate(apiB, "bob", id, queryETag(id)).expect(200);
        awaitQueryETag(id, bobs.header("ETag").orElseThrow());

        // and a stale If-Match at node A, whose copy is now the stale one, is refused with the truth
        Api.Response stale = rotate(apiA, "alice", id, afterA).expectProblem(412, "version-mismatch");
        assertThat(stale.header("ETag")).contains(bobs.header("ETag").orElseThrow());
        assertThat(Race.rotationsIn(apiA, id)).isEqualTo(2);
    }

    /** Creates a credential on A and renames it on A and on B, so both nodes hold it in their caches. */
    private String warmCredentialOnBothNodes(String what) {
        String id = apiA.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name(what), "provider", "openai", "secret", Ids.secret()).send().expect(201)
                .text("id");
        apiA.command("PATCH", "/api/credentials/" + id).as("alice").json("name", Ids.name("warm a")).send()
                .expect(200);
        String warm = apiB.command("PATCH", "/api/credentials/" + id).as("bob").json("name", Ids.name("warm b"))
                .send().expect(200).header("ETag").orElseThrow();
        awaitQueryETag(id, warm);
        return id;
    }

    private static Api.Response rotate(Api api, String admin, String id, String ifMatch) {
        return api.command("PUT", "/api/credentials/" + id + "/secret").as(admin).header("If-Match", ifMatch)
                .json("secret", Ids.secret()).send();
    }

    private String queryETag(String id) {
        return apiA.get("/api/credentials/" + id).expect(200).header("ETag").orElseThrow();
    }

    private void awaitQueryETag(String id, String etag) {
        eventually("the query side shows credential " + id + " at " + etag, () ->
                assertThat(apiA.get("/api/credentials/" + id).expect(200).header("ETag")).contains(etag));
    }
}
