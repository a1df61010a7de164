package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.Race;

/**
 * Expected versions (issue 14, decision 0130): the query side's read and every command answer carry the credential's
 * version as the ETag; a command with a stale If-Match answers 412 naming the current version and changes nothing;
 * of two admins rotating with the same If-Match exactly one wins; without If-Match nothing changed.
 */
public abstract class ExpectedVersionScenarios extends E2ETestBase {

    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterAll
    protected void shutdownPool() {
        pool.shutdownNow();
    }

    @Test
    @DisplayName("the query read's ETag is the command answer's once the query side caught up")
    void theQueryReadCarriesTheCommandAnswersVersion() {
        Api.Response created = api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("etag"), "provider", OPENAI, "secret", Ids.secret()).send().expect(201);
        String id = created.text("id");
        assertThat(created.header("ETag")).contains("\"0\"");
        awaitQueryVersion(id, "\"0\"");

        bind(Ids.instance("etag"), "openai.default", id);
        Api.Response rotated = rotate("alice", id, null).expect(200);
        assertThat(rotated.header("ETag")).as("created, bound, rotated").contains("\"2\"");
        Api.Response detail = awaitQueryVersion(id, "\"2\"");
        assertThat(detail.json().get("version").asLong()).isEqualTo(2);
        assertThat(api.get("/api/credentials/" + id + "/deletion-impact").expect(200).header("ETag"))
                .contains("\"2\"");

        Api.Response deleted = api.command("DELETE", "/api/credentials/" + id).as("alice")
                .header("If-Match", "\"2\"").send().expect(200);
        assertThat(deleted.header("ETag")).as("the deletion and its one unbind").contains("\"4\"");
        awaitQueryVersion(id, "\"4\"");
    }

    @Test
    @DisplayName("a command with a stale If-Match answers 412 naming the current version and changes nothing")
    void aStaleIfMatchChangesNothing() {
        String id = createCredential(OPENAI);
        String read = awaitQueryVersion(id, "\"0\"").header("ETag").orElseThrow();

        Api.Response bobs = rotate("bob", id, read).expect(200);
        String current = bobs.header("ETag").orElseThrow();

        Api.Response alices = rotate("alice", id, read).expectProblem(412, "version-mismatch");
        assertThat(alices.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(alices.header("ETag")).contains(current);
        api.command("PATCH", "/api/credentials/" + id).as("alice").header("If-Match", read)
                .json("name", Ids.name("late")).send().expectProblem(412, "version-mismatch");
        api.command("DELETE", "/api/credentials/" + id).as("alice").header("If-Match", read).send()
                .expectProblem(412, "version-mismatch");

        awaitQueryVersion(id, current);
        assertThat(Race.rotationsIn(api, id)).as("only bob's rotation").isEqualTo(1);
        assertThat(api.get("/api/credentials/" + id).expect(200).text("status")).isEqualTo("active");
        assertThat(history(id)).filteredOn(entry -> !"CredentialCreated".equals(text(entry, "type")))
                .extracting(entry -> text(entry, "actor")).as("nothing of alice's after the creation")
                .containsExactly("bob");
    }

    @Test
    @DisplayName("two admins rotating with the same If-Match: exactly one 200, the other 412, one rotation in the history")
    void twoAdminsRacingWithTheSameIfMatch() throws Exception {
        for (int round = 0; round < 5; round++) {
            String id = createCredential(OPENAI);
            String read = awaitQueryVersion(id, "\"0\"").header("ETag").orElseThrow();

            List<Api.Response> replies = Race.run(pool, () -> rotate("alice", id, read), () -> rotate("bob", id, read));

            assertThat(replies).extracting(Api.Response::status).as("%s", replies).containsExactlyInAnyOrder(200, 412);
            Api.Response winner = replies.stream().filter(r -> r.status() == 200).findFirst().orElseThrow();
            Api.Response loser = replies.stream().filter(r -> r.status() == 412).findFirst().orElseThrow();
            loser.expectProblem(412, "version-mismatch");
            assertThat("\"" + loser.json().get("currentVersion").asLong() + "\"")
                    .isEqualTo(winner.header("ETag").orElseThrow());
            awaitQueryVersion(id, winner.header("ETag").orElseThrow());
            assertThat(Race.rotationsIn(api, id)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("without If-Match two admins rotating at once both succeed, as documented")
    void withoutIfMatchBothRotationsSucceed() throws Exception {
        String id = createCredential(OPENAI);

        List<Api.Response> replies = Race.run(pool, () -> rotate("alice", id, null), () -> rotate("bob", id, null));

        assertThat(replies).extracting(Api.Response::status).as("%s", replies).containsExactly(200, 200);
        awaitQueryVersion(id, "\"2\"");
        assertThat(Race.rotationsIn(api, id)).isEqualTo(2);
    }

    @Test
    @DisplayName("a malformed If-Match is a 400 problem and changes nothing")
    void aMalformedIfMatchIsRefused() {
        String id = createCredential(OPENAI);
        for (String malformed : List.of("0", "W/\"0\"", "\"0\", \"1\"", "\"zero\"")) {
            rotate("alice", id, malformed).expectProblem(400, "invalid-request");
        }
        awaitQueryVersion(id, "\"0\"");
        assertThat(Race.rotationsIn(api, id)).isZero();
    }

    private Api.Response rotate(String admin, String id, String ifMatch) {
        Api.Call call = api.command("PUT", "/api/credentials/" + id + "/secret").as(admin).json("secret", Ids.secret());
        if (ifMatch != null) {
            call.header("If-Match", ifMatch);
        }
        return call.send();
    }

    private Api.Response awaitQueryVersion(String id, String etag) {
        return eventually("the query side shows credential " + id + " at " + etag, () -> {
            Api.Response detail = api.get("/api/credentials/" + id).expect(200);
            assertThat(detail.header("ETag")).as("%s", detail).contains(etag);
            return detail;
        });
    }

    private List<tools.jackson.databind.JsonNode> history(String id) {
        return elements(api.get("/api/credentials/" + id + "/history").expect(200).json());
    }
}
