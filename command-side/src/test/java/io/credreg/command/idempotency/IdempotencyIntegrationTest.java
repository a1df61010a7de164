package io.credreg.command.idempotency;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency keys on command requests (issue 14, docs/decisions/0140). */
class IdempotencyIntegrationTest extends CommandSideIntegrationTest {

    private static final String KEY = "Idempotency-Key";

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }

    @Test
    void retryingATokenIssueAnswersTheSameTokenAndIssuesOne() {
        String key = newKey();
        String name = unique("retried");
        String body = json("name", name, "role", "AUDITOR");

        Reply first = post("/api/tokens", body, KEY, key);
        Reply retry = post("/api/tokens", body, KEY, key);

        assertThat(first.status()).as("%s", first).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.contentType()).startsWith("application/json");
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        String token = first.json().get("token").asString();
        String id = first.json().get("id").asString();
        assertThat(eventsOf(id)).hasSize(1);
        long named = 0;
        for (JsonNode listed : send("GET", "/api/tokens", null, null).json()) {
            named += listed.get("name").asString().equals(name) ? 1 : 0;
        }
        assertThat(named).isEqualTo(1);
        // the replayed token still works, and its value is nowhere in the database, the recorded answer included
        assertThat(send("GET", "/api/tokens", null, null, "Authorization", bearer(token)).status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from idempotency_key where status = 201", Long.class))
                .isPositive();
        assertNowhereAtRest(token);
    }

    @Test
    void retryingADeletionAnswersTheOriginalCascadeAndDeletesOnce() {
        String credential = createOpenAiCredential();
        SettingRef a = new SettingRef(unique("inst"), "openai.default");
        SettingRef b = new SettingRef(unique("inst"), "openai.bot.one");
        bindOk(a, credential);
        bindOk(b, credential);
        String key = newKey();

        Reply first = deleteCredential(credential, KEY, key);
        Reply retry = deleteCredential(credential, KEY, key);
        Reply unkeyed = deleteCredential(credential);

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(unboundOf(first)).containsExactlyInAnyOrder(a, b);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(unkeyed.status()).as("without the key it is a new request").isEqualTo(410);
        assertThat(payloads(eventsOf(credential)).stream().filter(CredentialDeleted.class::isInstance)).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedWith422AndChangesNothing() {
        String key = newKey();
        Reply first = create(unique("first"), "openai", newSecret(), KEY, key);
        assertThat(first.status()).isEqualTo(201);
        long events = eventRowCount();

        Reply otherBody = create(unique("second"), "openai", newSecret(), KEY, key);
        Reply otherPath = send("PATCH", "/api/credentials/" + first.json().get("id").asString(), "application/json",
                json("name", unique("renamed")), KEY, key);

        for (Reply refused : List.of(otherBody, otherPath)) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(422);
            assertThat(refused.contentType()).startsWith(PROBLEM_JSON);
            assertThat(refused.json().get("type").asString()).endsWith("/idempotency-key-reused");
            assertThat(refused.json().get("idempotencyKey").asString()).isEqualTo(key);
            assertThat(refused.json().has("id")).as("never the recorded answer").isFalse();
        }
        assertThat(eventRowCount()).isEqualTo(events);
    }

    @Test
    void aMalformedKeyIsRefusedWith400AndChangesNothing() {
        long events = eventRowCount();
        for (String malformed : List.of("", "a b", "x".repeat(256))) {
            Reply refused = create(unique("bad-key"), "openai", newSecret(), KEY, malformed);
            assertThat(refused.status()).as("'%s': %s", malformed, refused).isEqualTo(400);
            assertThat(refused.contentType()).startsWith(PROBLEM_JSON);
            assertThat(refused.json().get("detail").asString()).contains("Idempotency-Key");
        }
        assertThat(create(unique("long-key"), "openai", newSecret(), KEY, "x".repeat(255)).status()).isEqualTo(201);
        assertThat(eventRowCount()).isEqualTo(events + 1);
    }

    @Test
    void keysBelongToTheCallerThatSentThem() {
        String otherAdmin = issueToken(unique("other-admin"), "ADMIN", null);
        String key = newKey();
        String body = json("name", unique("scoped"), "role", "AUDITOR");

        Reply mine = post("/api/tokens", body, KEY, key);
        Reply theirs = post("/api/tokens", body, KEY, key, "Authorization", bearer(otherAdmin));

        assertThat(mine.status()).isEqualTo(201);
        // the other caller's key is its own: its request runs (and meets the name the first one took)
        assertThat(theirs.status()).as("%s", theirs).isEqualTo(409);
        assertThat(theirs.body()).doesNotContain(mine.json().get("token").asString());
    }

    @Test
    void aRefusedRequestRecordsNothingAndItsKeyServesTheCorrectedRequest() {
        String secret = newSecret();
        createCredential("openai", secret);
        String key = newKey();

        Reply duplicate = create(unique("dup"), "openai", secret, KEY, key);
        Reply corrected = create(unique("dup"), "openai", newSecret(), KEY, key);

        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(corrected.status()).as("%s", corrected).isEqualTo(201);
    }

    @Test
    void theSameKeySentTwiceAtOnceExecutesOnce() {
        String key = newKey();
        String name = unique("together");
        String body = json("name", name, "provider", "openai", "secret", newSecret());
        long events = eventRowCount();

        List<Reply> replies = concurrently(() -> post("/api/credentials", body, KEY, key),
                () -> post("/api/credentials", body, KEY, key), () -> post("/api/credentials", body, KEY, key));

        List<String> ids = new ArrayList<>();
        for (Reply reply : replies) {
            if (reply.status() == 201) {
                ids.add(reply.json().get("id").asString());
            } else {
                assertThat(reply.status()).as("%s", reply).isEqualTo(409);
                assertThat(reply.json().get("type").asString()).endsWith("/idempotency-key-in-progress");
            }
        }
        assertThat(ids).isNotEmpty().allMatch(ids.get(0)::equals);
        assertThat(eventRowCount()).as("one CredentialCreated").isEqualTo(events + 1);
    }

    @Test
    void keyedRequestsThatRaceOnOneCredentialAreRetriedAsAWhole() {
        String credential = createOpenAiCredential();
        List<Supplier<Reply>> binds = new ArrayList<>();
        List<SettingRef> settings = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            SettingRef setting = new SettingRef(unique("race"), "openai.default");
            settings.add(setting);
            binds.add(() -> bind(setting, credential, KEY, newKey()));
        }
        @SuppressWarnings("unchecked")
        List<Reply> replies = concurrently(binds.toArray(Supplier[]::new));

        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as("%s", reply).isEqualTo(200));
        assertThat(bindingsAfter(eventsOf(credential))).containsAll(settings);
        // the cache was kept right: a further command sees every binding
        Reply deleted = deleteCredential(credential);
        assertThat(unboundOf(deleted)).containsExactlyInAnyOrderElementsOf(settings);
    }

    @Test
    void aRetriedRotationRotatesOnce() {
        String credential = createOpenAiCredential();
        String key = newKey();
        String body = json("secret", newSecret());

        Reply first = put("/api/credentials/" + credential + "/secret", body, KEY, key);
        Reply retry = put("/api/credentials/" + credential + "/secret", body, KEY, key);

        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(payloads(eventsOf(credential)).stream().filter(CredentialSecretRotated.class::isInstance))
                .hasSize(1);
    }

    @Test
    void aKeyedRevocationStopsTheTokenAtOnceAndItsRetryReplays() {
        Reply issued = post("/api/tokens", json("name", unique("doomed"), "role", "AUDITOR"));
        String id = issued.json().get("id").asString();
        String token = issued.json().get("token").asString();
        assertThat(send("GET", "/api/tokens", null, null, "Authorization", bearer(token)).status()).isEqualTo(200);
        String key = newKey();

        Reply revoked = delete("/api/tokens/" + id, KEY, key);
        Reply refused = send("GET", "/api/tokens", null, null, "Authorization", bearer(token));
        Reply retry = delete("/api/tokens/" + id, KEY, key);

        assertThat(revoked.status()).isEqualTo(204);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(retry.status()).isEqualTo(204);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(eventsOf(id)).hasSize(2);
    }

    @Test
    void aKeyOnAReadIsIgnored() {
        Reply read = send("GET", "/api/tokens", null, null, KEY, "a b");
        assertThat(read.status()).isEqualTo(200);
    }
}
