package io.credreg.command.staged;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialSecretPromoted;
import io.credreg.api.credential.CredentialSecretStaged;
import io.credreg.api.credential.PromotionTrigger;
import io.credreg.api.credential.SecretVersionRetired;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.credreg.api.EventMetadata.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;

/** Staged rotation (decision 0210) through the HTTP API, on one command node. */
class StagedRotationIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    private StagedRotationPoller poller;

    @Test
    void consumersKeepTheCurrentVersionUntilPromotionAndThePreviousOneDuringItsGrace() throws Exception {
        String v1 = newSecret();
        String id = createCredential("openai", v1);
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        String bot = issueToken(unique("bot"), "INSTANCE", setting.instanceId());
        String v2 = newSecret();

        Reply staged = put("/api/credentials/" + id + "/secret", json("secret", v2, "stage", "pending",
                "graceSeconds", 2));
        assertThat(staged.status()).as("%s", staged).isEqualTo(200);
        assertThat(staged.json().get("secretVersion").asInt()).isEqualTo(1);
        assertThat(staged.json().get("pendingVersion").asInt()).isEqualTo(2);
        assertThat(staged.json().get("secretHint").asString()).isNotEqualTo(v2).endsWith(v2.substring(v2.length() - 4));
        assertThat(staged.body()).doesNotContain(v2);

        assertResolves(setting, bot, null, v1, 1);
        assertResolves(setting, bot, "pending", v2, 2);
        assertResolves(setting, ADMIN_TOKEN, "pending", v2, 2);
        assertResolves(setting, bot, "2", v2, 2);
        Reply notModified = send("GET", settingPath(setting) + "/secret?version=pending", null, null,
                "Authorization", bearer(bot), "If-None-Match", "\"2\"");
        assertThat(notModified.status()).isEqualTo(304);

        Reply promoted = post("/api/credentials/" + id + "/secret/promote", null);
        assertThat(promoted.status()).as("%s", promoted).isEqualTo(200);
        assertThat(promoted.json().get("secretVersion").asInt()).isEqualTo(2);
        assertThat(promoted.json().get("pendingVersion").isNull()).isTrue();
        assertThat(promoted.header("ETag")).isNotNull();

        assertResolves(setting, bot, null, v2, 2);
        assertResolves(setting, bot, "1", v1, 1); // the grace
        assertThat(send("GET", settingPath(setting) + "/secret?version=pending", null, null,
                "Authorization", bearer(bot)).status()).isEqualTo(409);

        Thread.sleep(2_200);
        poller.pollOnce();
        Reply retired = send("GET", settingPath(setting) + "/secret?version=1", null, null,
                "Authorization", bearer(bot));
        assertThat(retired.status()).as("%s", retired).isEqualTo(410);
        assertThat(retired.json().get("type").asString()).endsWith("/secret-version-retired");
        assertThat(jdbc.queryForObject("select count(*) from data_key where credential_id = ?", Integer.class, id))
                .as("only the current version's key is left").isEqualTo(1);

        List<Object> payloads = payloads(eventsOf(id));
        assertThat(payloads).hasAtLeastOneElementOfType(CredentialSecretStaged.class)
                .hasAtLeastOneElementOfType(CredentialSecretPromoted.class);
        DomainEventMessage<?> retirement = eventsOf(id).stream()
                .filter(event -> event.getPayload() instanceof SecretVersionRetired).findFirst().orElseThrow();
        assertThat(retirement.getMetaData()).containsEntry(ACTOR, StagedRotationPoller.ACTOR_NAME);
        assertNowhereAtRest(v1);
        assertNowhereAtRest(v2);
    }

    @Test
    void promotionWhenAllResolvedWaitsForEveryBoundInstanceButNotForAnAdminsTest() {
        String id = createOpenAiCredential();
        SettingRef acme = new SettingRef(unique("acme"), "openai.default");
        SettingRef globex = new SettingRef(unique("globex"), "openai.default");
        bindOk(acme, id);
        bindOk(globex, id);
        String acmeBot = issueToken(unique("acme-bot"), "INSTANCE", acme.instanceId());
        String globexBot = issueToken(unique("globex-bot"), "INSTANCE", globex.instanceId());
        String v2 = newSecret();
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", v2, "stage", "pending",
                "promote", "when-all-resolved")).status()).isEqualTo(200);

        assertResolves(acme, acmeBot, "pending", v2, 2);
        assertResolves(globex, ADMIN_TOKEN, "pending", v2, 2);
        poller.pollOnce();
        assertThat(promotions(id)).as("globex has not resolved it itself yet").isEmpty();
        assertResolves(globex, globexBot, null, null, 1);

        assertResolves(globex, globexBot, "pending", v2, 2);
        poller.pollOnce();
        assertThat(promotions(id)).singleElement()
                .satisfies(promotion -> assertThat(promotion.trigger()).isEqualTo(PromotionTrigger.ALL_RESOLVED));
        assertResolves(globex, globexBot, null, v2, 2);
    }

    @Test
    void pollersRacingOnTheSameDueWorkPromoteAndRetireExactlyOnce() throws Exception {
        String id = createOpenAiCredential();
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", newSecret(), "stage", "pending",
                "promote", "after", "promoteAfterSeconds", 0, "graceSeconds", 0)).status()).isEqualTo(200);

        CompletableFuture<?>[] polls = new CompletableFuture<?>[4];
        for (int i = 0; i < polls.length; i++) {
            polls[i] = CompletableFuture.runAsync(poller::pollOnce);
        }
        CompletableFuture.allOf(polls).get();
        poller.pollOnce();

        assertThat(promotions(id)).singleElement()
                .satisfies(promotion -> assertThat(promotion.trigger()).isEqualTo(PromotionTrigger.SCHEDULED));
        assertThat(payloads(eventsOf(id)).stream().filter(SecretVersionRetired.class::isInstance))
                .as("a grace of 0 retires the previous version with the promotion").hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from secret_version_state where credential_id = ?",
                Integer.class, id)).isZero();
    }

    @Test
    void refusalsAnswerProblemDetailsAndLeaveNoEvent() {
        String id = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        int events = eventsOf(id).size();

        assertProblem(post("/api/credentials/" + id + "/secret/promote", null), 409, "no-pending-version");
        assertProblem(put("/api/credentials/" + id + "/secret", json("secret", newSecret(), "promote", "after")),
                400, "invalid-request");
        assertProblem(put("/api/credentials/" + id + "/secret", json("secret", newSecret(), "stage", "live")),
                400, "invalid-request");
        assertProblem(put("/api/credentials/" + id + "/secret", json("secret", newSecret(), "stage", "pending",
                "promote", "after")), 400, "invalid-request");
        assertProblem(put("/api/credentials/" + id + "/secret", json("secret", newSecret(), "stage", "pending",
                "graceSeconds", -1)), 400, "invalid-request");
        assertProblem(send("GET", settingPath(setting) + "/secret?version=pending", null, null), 409,
                "no-pending-version");
        assertProblem(send("GET", settingPath(setting) + "/secret?version=latest", null, null), 400,
                "invalid-request");
        assertProblem(send("GET", settingPath(setting) + "/secret?version=7", null, null), 404, "not-found");
        assertThat(eventsOf(id)).hasSize(events);

        assertThat(put("/api/credentials/" + id + "/secret", json("secret", newSecret(), "stage", "pending"))
                .status()).isEqualTo(200);
        int staged = eventsOf(id).size();
        assertProblem(put("/api/credentials/" + id + "/secret", json("secret", newSecret())), 409,
                "pending-version-exists");
        assertThat(eventsOf(id)).hasSize(staged);
    }

    @Test
    void deletingACredentialWithAPendingVersionShredsEveryVersion() {
        String id = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", newSecret(), "stage", "pending"))
                .status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from data_key where credential_id = ?", Integer.class, id))
                .isEqualTo(2);

        assertThat(delete("/api/credentials/" + id + "?recoveryWindowDays=0").status()).isEqualTo(200);

        assertThat(jdbc.queryForObject("select count(*) from data_key where credential_id = ?", Integer.class, id))
                .isZero();
        assertThat(jdbc.queryForObject("select count(*) from secret_version_state where credential_id = ?",
                Integer.class, id)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from secret_fingerprint where credential_id = ?",
                Integer.class, id)).isZero();
        assertThat(send("GET", settingPath(setting) + "/secret?version=pending", null, null).status())
                .isEqualTo(410);
    }

    @Test
    void aDeletionWithARecoveryWindowKeepsOnlyTheCurrentKeyAndARestoreHasNoPendingVersion() {
        String id = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", newSecret(), "stage", "pending"))
                .status()).isEqualTo(200);

        assertThat(delete("/api/credentials/" + id + "?recoveryWindowDays=7").status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from data_key where credential_id = ?", Integer.class, id))
                .as("the current key waits for the window, the pending one is shredded").isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from secret_version_state where credential_id = ?",
                Integer.class, id)).isZero();

        assertThat(post("/api/credentials/" + id + "/restore", null).status()).isEqualTo(200);
        assertThat(send("GET", settingPath(setting) + "/secret", null, null).status()).isEqualTo(200);
        assertThat(send("GET", settingPath(setting) + "/secret?version=pending", null, null).status())
                .isEqualTo(409);
        assertThat(post("/api/credentials/" + id + "/secret/promote", null).status()).isEqualTo(409);
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", newSecret(), "stage", "pending"))
                .status()).as("staging again after the restore").isEqualTo(200);
    }

    private List<CredentialSecretPromoted> promotions(String id) {
        return payloads(eventsOf(id)).stream().filter(CredentialSecretPromoted.class::isInstance)
                .map(CredentialSecretPromoted.class::cast).toList();
    }

    private void assertResolves(SettingRef setting, String token, String version, String secret, int number) {
        Reply reply = send("GET", settingPath(setting) + "/secret" + (version == null ? "" : "?version=" + version),
                null, null, "Authorization", bearer(token));
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json().get("version").asInt()).isEqualTo(number);
        assertThat(reply.header("ETag")).isEqualTo("\"" + number + "\"");
        if (secret != null) {
            assertThat(reply.json().get("secret").asString()).isEqualTo(secret);
        }
    }

    private static void assertProblem(Reply reply, int status, String type) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.json().get("type").asString()).endsWith("/" + type);
    }
}
