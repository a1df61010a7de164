package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import tools.jackson.databind.JsonNode;

/**
 * Requests that race each other. Invariant 1: at rest no setting is bound to a deleted credential, and a bind that
 * raced with the deletion is undone by a compensating unbind that the history shows. Invariant 2: a setting holds
 * one credential. Invariant 3: one active credential per secret.
 */
public abstract class RaceScenarios extends E2ETestBase {

    private static final int ROUNDS = Integer.getInteger("registry.e2e.race-rounds", 30);
    private static final int INITIAL_BINDINGS = 3;
    private static final int RACING_BINDS = 6;

    private final ExecutorService pool = Executors.newFixedThreadPool(RACING_BINDS + 2);

    @AfterAll
    protected void shutdownPool() {
        pool.shutdownNow();
    }

    /** One round: the credential, what was bound before, the binds that won (200), the DELETE's unbound list. */
    record Round(int number, String credentialId, Set<String> instances, Set<String> boundBefore,
                 Set<String> racingBindsAccepted, int racingBindsGone, Set<String> unboundByDelete) {
    }

    @Test
    @DisplayName("binds racing a deletion answer 200 or 410, and none survives it")
    void bindsRacingADeletionNeverSurviveIt() throws Exception {
        List<Round> rounds = new ArrayList<>();
        for (int n = 1; n <= ROUNDS; n++) {
            rounds.add(raceOnce(n));
        }
        int accepted = rounds.stream().mapToInt(r -> r.racingBindsAccepted().size()).sum();
        int gone = rounds.stream().mapToInt(Round::racingBindsGone).sum();
        int lateAccepted = rounds.stream().mapToInt(r -> {
            Set<String> late = new HashSet<>(r.racingBindsAccepted());
            late.removeAll(r.unboundByDelete());
            return late.size();
        }).sum();
        System.out.printf("[e2e] %d rounds: %d racing binds answered 200 (%d of them after the deletion had taken "
                + "its snapshot of bindings), %d answered 410%n", ROUNDS, accepted, lateAccepted, gone);

        for (Round round : rounds) {
            eventually("round " + round.number() + ": no binding of the deleted credential is left",
                    () -> assertSettled(round));
        }
    }

    private Round raceOnce(int n) throws Exception {
        String credential = createCredential(OPENAI, Ids.name("Race " + n), Ids.secret());
        String prefix = "race" + n + "-" + Ids.random(6);
        Set<String> instances = new LinkedHashSet<>();
        Set<String> boundBefore = new LinkedHashSet<>();
        for (int i = 0; i < INITIAL_BINDINGS; i++) {
            String instance = prefix + "-old" + i;
            bind(instance, "openai.default", credential);
            instances.add(instance);
            boundBefore.add(instance + "/openai.default");
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Api.Response>> calls = new ArrayList<>();
        calls.add(() -> {
            start.await();
            return api.command("DELETE", "/api/credentials/" + credential).as("alice")
                    .requestId("race-delete-" + n + "-" + Ids.random(6)).send();
        });
        List<String> racing = new ArrayList<>();
        for (int i = 0; i < RACING_BINDS; i++) {
            // Half on new instances, half on new settings of an instance already bound.
            String instance = i % 2 == 0 ? prefix + "-new" + i : prefix + "-old0";
            String key = i % 2 == 0 ? "openai.default" : "openai.bot." + i;
            instances.add(instance);
            racing.add(instance + "/" + key);
            calls.add(() -> {
                start.await();
                return api.command("PUT", "/api/instances/" + instance + "/settings/" + key).as("bob")
                        .json("credentialId", credential).send();
            });
        }
        List<Future<Api.Response>> futures = new ArrayList<>();
        for (Callable<Api.Response> call : calls) {
            futures.add(pool.submit(call));
        }
        start.countDown();
        List<Api.Response> answers = new ArrayList<>();
        for (Future<Api.Response> f : futures) {
            answers.add(f.get(120, TimeUnit.SECONDS));
        }

        Api.Response deletion = answers.get(0);
        deletion.expect(200);
        Set<String> unboundByDelete = new HashSet<>(ContractTourScenarios.refs(array(deletion.json(), "unbound")));
        assertThat(unboundByDelete).as("round %d: the DELETE unbinds at least what was bound before: %s", n,
                deletion).containsAll(boundBefore);

        Set<String> accepted = new LinkedHashSet<>();
        int gone = 0;
        for (int i = 0; i < RACING_BINDS; i++) {
            Api.Response r = answers.get(i + 1);
            assertThat(r.status()).as("round %d: a bind racing the deletion: %s", n, r).isIn(200, 410);
            if (r.status() == 200) {
                assertThat(r.text("credentialId")).isEqualTo(credential);
                accepted.add(racing.get(i));
            } else {
                r.expectProblem(410, "credential-deleted");
                gone++;
            }
        }
        return new Round(n, credential, instances, boundBefore, accepted, gone, unboundByDelete);
    }

    private void assertSettled(Round round) {
        String id = round.credentialId();
        Api.Response detail = api.get("/api/credentials/" + id).expect(200);
        assertThat(detail.text("status")).as("%s", detail).isEqualTo("deleted");
        assertThat(array(detail.json(), "bindings")).as("bindings of %s", detail).isEmpty();
        assertThat(detail.json().get("bindingCount").asLong()).as("%s", detail).isZero();
        Api.Response impact = api.get("/api/credentials/" + id + "/deletion-impact").expect(200);
        assertThat(array(impact.json(), "settings")).as("%s", impact).isEmpty();
        for (String instance : round.instances()) {
            Api.Response settings = api.get("/api/instances/" + instance + "/settings").expect(200);
            assertThat(elements(settings.json())).extracting(s -> text(s, "credentialId")).as("%s", settings)
                    .doesNotContain(id);
        }

        List<JsonNode> history = elements(api.get("/api/credentials/" + id + "/history").expect(200).json());
        // Replaying the history leaves nothing bound.
        Set<String> bound = new HashSet<>();
        int deletedAt = -1;
        Set<String> compensated = new HashSet<>();
        int bindEvents = 0;
        for (int i = 0; i < history.size(); i++) {
            JsonNode e = history.get(i);
            String ref = text(e, "instanceId") + "/" + text(e, "settingKey");
            switch (String.valueOf(text(e, "type"))) {
                case "SettingBound" -> {
                    bound.add(ref);
                    bindEvents++;
                }
                case "SettingUnbound" -> {
                    bound.remove(ref);
                    if (deletedAt >= 0) {
                        assertThat(text(e, "reason")).as("unbind after the deletion: %s", e)
                                .isEqualTo("CREDENTIAL_DELETED");
                        compensated.add(ref);
                    }
                }
                case "CredentialDeleted" -> deletedAt = i;
                default -> {
                }
            }
        }
        assertThat(deletedAt).as("a CredentialDeleted in %s", history).isNotNegative();
        assertThat(bound).as("bindings left after replaying the history of round %d: %s", round.number(), history)
                .isEmpty();
        for (String ref : round.racingBindsAccepted()) {
            assertThat(round.unboundByDelete().contains(ref) || compensated.contains(ref))
                    .as("round %d: the accepted bind %s is in the DELETE answer %s or compensated in %s",
                            round.number(), ref, round.unboundByDelete(), history)
                    .isTrue();
        }
        // A bind refused with 410 leaves no trace: one SettingBound per bind that answered 200.
        assertThat(bindEvents).as("SettingBound events of round %d in %s", round.number(), history)
                .isEqualTo(round.boundBefore().size() + round.racingBindsAccepted().size());
    }

    @Test
    @DisplayName("two concurrent creates of one secret: exactly one 201, the other 409 naming the winner")
    void concurrentCreatesOfOneSecret() throws Exception {
        for (int n = 1; n <= 10; n++) {
            String secret = Ids.secret();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                String name = Ids.name("Twin " + n + "." + i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.command("POST", "/api/credentials").as("alice")
                            .json("name", name, "provider", OPENAI, "secret", secret).send();
                }));
            }
            start.countDown();
            Api.Response a = futures.get(0).get(60, TimeUnit.SECONDS);
            Api.Response b = futures.get(1).get(60, TimeUnit.SECONDS);
            assertThat(List.of(a.status(), b.status())).as("round %d: %s and %s", n, a, b)
                    .containsExactlyInAnyOrder(201, 409);
            Api.Response winner = a.status() == 201 ? a : b;
            Api.Response loser = a.status() == 201 ? b : a;
            loser.expectProblem(409, "duplicate-secret");
            assertThat(loser.text("existingCredentialId")).as("round %d: %s", n, loser)
                    .isEqualTo(winner.text("id"));
        }
    }

    @Test
    @DisplayName("two concurrent binds of one setting: both succeed in some order and the setting holds one")
    void concurrentBindsOfOneSetting() throws Exception {
        for (int n = 1; n <= 10; n++) {
            String x = createCredential(OPENAI);
            String y = createCredential(OPENAI);
            String instance = Ids.instance("twin-bind" + n);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (String credential : List.of(x, y)) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return api.command("PUT", "/api/instances/" + instance + "/settings/openai.default").as("alice")
                            .json("credentialId", credential).send();
                }));
            }
            start.countDown();
            Api.Response bx = futures.get(0).get(60, TimeUnit.SECONDS).expect(200);
            Api.Response by = futures.get(1).get(60, TimeUnit.SECONDS).expect(200);
            // Serialized: one found the setting empty, the other replaced it.
            List<String> replaced = new ArrayList<>();
            replaced.add(bx.text("replacedCredentialId"));
            replaced.add(by.text("replacedCredentialId"));
            assertThat(replaced).as("round %d: %s and %s", n, bx, by).containsExactlyInAnyOrder(null,
                    bx.text("replacedCredentialId") == null ? x : y);
            String last = bx.text("replacedCredentialId") == null ? y : x;
            String first = last.equals(x) ? y : x;
            int round = n;
            eventually("round " + n + ": the setting holds the credential bound last", () -> {
                assertThat(elements(api.get("/api/instances/" + instance + "/settings").expect(200).json()))
                        .extracting(s -> text(s, "credentialId")).as("round %d", round).containsExactly(last);
                assertThat(array(api.get("/api/credentials/" + first).expect(200).json(), "bindings")).isEmpty();
                assertThat(array(api.get("/api/credentials/" + last).expect(200).json(), "bindings")).hasSize(1);
            });
        }
    }
}
