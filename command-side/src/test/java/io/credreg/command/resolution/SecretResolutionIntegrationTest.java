package io.credreg.command.resolution;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.SecretResolved;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.common.stream.BlockingStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** Consumers resolve the secrets bound to their own settings, every resolution is recorded, and nothing else. */
class SecretResolutionIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    @Qualifier("credentialCache")
    private Cache credentialCache;
    @Autowired
    private ResolutionStateBackfill backfill;

    @Test
    void anInstanceResolvesItsOwnSettingAndTheResolutionIsRecordedOutsideTheCredentialsStream() {
        String secret = newSecret();
        String id = createCredential("openai", secret);
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        String botName = unique("acme-bot");
        String bot = issueToken(botName, "INSTANCE", setting.instanceId());
        String botId = jdbc.queryForObject("select token_id from api_token where name = ?", String.class, botName);
        int streamBefore = eventsOf(id).size();
        long before = lastGlobalIndex();

        Reply reply = resolve(setting, bot);

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json().get("credentialId").asString()).isEqualTo(id);
        assertThat(reply.json().get("secret").asString()).isEqualTo(secret);
        assertThat(reply.json().get("version").asInt()).isEqualTo(1);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        assertThat(reply.header("ETag")).isEqualTo("\"1\"");
        assertThat(eventsOf(id)).as("the credential's stream does not grow").hasSize(streamBefore);
        List<EventMessage<?>> recorded = resolutionsSince(before, id);
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).getPayload())
                .isEqualTo(new SecretResolved(id, setting.instanceId(), "openai.default", 1, botId));
        assertThat(recorded.get(0).getMetaData()).containsEntry(ACTOR, botName).containsKey(CORRELATION_ID);
    }

    @Test
    void theCurrentVersionInIfNoneMatchAnswersNotModifiedAndRecordsNothing() {
        String id = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        long before = lastGlobalIndex();

        Reply current = send("GET", settingPath(setting) + "/secret", null, null, "If-None-Match", "\"1\"");
        assertThat(current.status()).isEqualTo(304);
        assertThat(current.header("ETag")).isEqualTo("\"1\"");
        assertThat(current.body()).isEmpty();
        assertThat(resolutionsSince(before, id)).isEmpty();

        assertThat(put("/api/credentials/" + id + "/secret", json("secret", newSecret())).status()).isEqualTo(200);
        Reply rotated = send("GET", settingPath(setting) + "/secret", null, null, "If-None-Match", "W/\"1\"");
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.header("ETag")).isEqualTo("\"2\"");
        assertThat(rotated.json().get("version").asInt()).isEqualTo(2);
        assertThat(resolutionsSince(before, id)).hasSize(1);
    }

    @Test
    void anEnvelopeThatDoesNotOpenAsItsCredentialsVersionIsRefusedAndNotRecorded() {
        String victimSecret = newSecret();
        String victim = createCredential("openai", victimSecret);
        String target = createOpenAiCredential();
        SettingRef victimSetting = new SettingRef(unique("victim"), "openai.default");
        SettingRef targetSetting = new SettingRef(unique("target"), "openai.default");
        bindOk(victimSetting, victim);
        bindOk(targetSetting, target);
        // someone who can write the tables moves the victim's envelope (and so its data key) into the target's row
        assertThat(jdbc.update("update credential_secret set (data_key_id, nonce, ciphertext, envelope_format) = "
                + "(select v.data_key_id, v.nonce, v.ciphertext, v.envelope_format from credential_secret v "
                + "where v.credential_id = ?) where credential_id = ?", victim, target)).isEqualTo(1);
        long before = lastGlobalIndex();

        Reply refused = send("GET", settingPath(targetSetting) + "/secret", null, null);

        assertThat(refused.status()).as("%s", refused).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("/secret-unreadable");
        assertThat(refused.body()).doesNotContain(victimSecret);
        assertThat(resolutionsSince(before, target)).as("a refusal is not a resolution").isEmpty();
        Reply served = send("GET", settingPath(victimSetting) + "/secret", null, null);
        assertThat(served.json().get("secret").asString()).isEqualTo(victimSecret);
        assertThat(resolutionsSince(before, victim)).hasSize(1);
    }

    @Test
    void aDeletedCredentialIsGoneWithoutLoadingItsStream() {
        String id = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        assertThat(deleteCredential(id).status()).isEqualTo(200);
        credentialCache.removeAll();
        assertThat(jdbc.queryForObject("select status from credential_secret where credential_id = ?",
                String.class, id)).isEqualTo("DELETED");

        Reply gone = send("GET", settingPath(setting) + "/secret", null, null);

        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().get("credentialId").asString()).isEqualTo(id);
        assertThat(credentialCache.containsKey(id)).as("the aggregate was not loaded").isFalse();
    }

    @Test
    void theBackfillRestoresTheResolutionStateOfExistingCredentialsFromTheirEvents() {
        String secret = newSecret();
        String id = createCredential("openai", secret);
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        String rotated = newSecret();
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", rotated)).status()).isEqualTo(200);
        jdbc.update("delete from credential_secret where credential_id = ?", id);

        assertThat(backfill.run()).isEqualTo(1);
        assertThat(backfill.run()).as("idempotent").isZero();

        Reply reply = send("GET", settingPath(setting) + "/secret", null, null);
        assertThat(reply.json().get("secret").asString()).isEqualTo(rotated);
        assertThat(reply.json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void aCredentialWithALongStreamIsSnapshottedAndStillResolvesAndRotatesAfterACacheMiss() {
        String id = createOpenAiCredential();
        String instance = unique("fleet");
        IntStream.range(0, 110).forEach(i -> bindOk(new SettingRef(instance + "-" + i, "openai.default"), id));
        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Integer.class, id)).isPositive();
        credentialCache.removeAll();

        String next = newSecret();
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", next)).status()).isEqualTo(200);
        SettingRef first = new SettingRef(instance + "-0", "openai.default");
        assertThat(send("GET", settingPath(first) + "/secret", null, null).json().get("secret").asString())
                .isEqualTo(next);
        credentialCache.removeAll();
        Reply deleted = deleteCredential(id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(unboundOf(deleted)).as("the snapshot kept every binding").hasSize(110);
    }

    @Test
    void anInstanceTokenCanNeverObtainAnotherInstancesSecret() {
        String secret = newSecret();
        String id = createCredential("openai", secret);
        SettingRef theirs = new SettingRef(unique("globex"), "openai.default");
        bindOk(theirs, id);
        SettingRef mine = new SettingRef(unique("acme"), "openai.default");
        bindOk(mine, createOpenAiCredential());
        String bot = issueToken(unique("acme-bot"), "INSTANCE", mine.instanceId());
        int before = eventsOf(id).size();

        for (String path : List.of(settingPath(theirs) + "/secret",
                "/api/instances/" + theirs.instanceId() + "/settings/openai.default/secret",
                "/api/instances/" + theirs.instanceId().toUpperCase() + "/settings/openai.default/secret",
                "/api/instances/" + mine.instanceId() + "/../" + theirs.instanceId() + "/settings/openai.default/secret",
                "/api/instances/" + theirs.instanceId() + "/settings/openai.default/secret/")) {
            Reply reply = send("GET", path, null, null, "Authorization", bearer(bot));
            assertThat(reply.status()).as("%s -> %s", path, reply).isIn(400, 403, 404);
            assertThat(reply.body()).doesNotContain(secret);
        }
        assertThat(resolve(theirs, bot).status()).isEqualTo(403);
        assertThat(resolve(theirs, bot).json().get("type").asString()).endsWith("/forbidden");
        assertThat(eventsOf(id)).hasSize(before);
        assertThat(resolutionsSince(0, id)).isEmpty();
        // an instance token may not do anything else either
        assertThat(create(unique("n"), "openai", newSecret(), "Authorization", bearer(bot)).status()).isEqualTo(403);
    }

    @Test
    void anAuditorNeverObtainsASecretButAnAdminDoes() {
        String secret = newSecret();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, createCredential("openai", secret));
        String auditor = issueToken(unique("auditor"), "AUDITOR", null);

        assertThat(resolve(setting, auditor).status()).isEqualTo(403);
        assertThat(send("GET", settingPath(setting) + "/secret", null, null).json().get("secret").asString())
                .isEqualTo(secret);
    }

    @Test
    void aRotationIsResolvedAsTheNewVersion() {
        String id = createCredential("openai", newSecret());
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        String rotated = newSecret();
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", rotated)).status()).isEqualTo(200);

        Reply reply = send("GET", settingPath(setting) + "/secret", null, null);

        assertThat(reply.json().get("secret").asString()).isEqualTo(rotated);
        assertThat(reply.json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void anUnboundSettingIsNotFoundAndADeletedCredentialIsGone() {
        SettingRef never = new SettingRef(unique("acme"), "openai.default");
        Reply notFound = send("GET", settingPath(never) + "/secret", null, null);
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(notFound.contentType()).startsWith(PROBLEM_JSON);

        String id = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        String bot = issueToken(unique("acme-bot"), "INSTANCE", setting.instanceId());
        assertThat(deleteCredential(id).status()).isEqualTo(200);

        Reply gone = resolve(setting, bot);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.json().get("credentialId").asString()).isEqualTo(id);

        // once the setting is bound again, it resolves to its new credential
        String replacement = newSecret();
        bindOk(setting, createCredential("openai", replacement));
        assertThat(resolve(setting, bot).json().get("secret").asString()).isEqualTo(replacement);

        // an explicitly unbound setting is simply not bound
        assertThat(unbind(setting).status()).isEqualTo(204);
        assertThat(resolve(setting, bot).status()).isEqualTo(404);
    }

    private long lastGlobalIndex() {
        Long last = jdbc.queryForObject("select max(global_index) from domain_event_entry", Long.class);
        return last == null ? -1 : last;
    }

    /** The resolutions of one credential recorded after {@code globalIndex}, in the order they were appended. */
    private List<EventMessage<?>> resolutionsSince(long globalIndex, String credentialId) {
        List<EventMessage<?>> found = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream =
                     eventStore.openStream(GapAwareTrackingToken.newInstance(globalIndex, java.util.List.of()))) {
            while (stream.hasNextAvailable()) {
                TrackedEventMessage<?> event = stream.nextAvailable();
                if (event.getPayload() instanceof SecretResolved resolved
                        && resolved.credentialId().equals(credentialId)) {
                    found.add(event);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return found;
    }

    private Reply resolve(SettingRef setting, String token) {
        return send("GET", settingPath(setting) + "/secret", null, null, "Authorization", bearer(token));
    }
}
