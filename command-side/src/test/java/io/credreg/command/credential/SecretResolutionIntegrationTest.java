package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.SecretResolved;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.credreg.api.EventMetadata.ACTOR;
import static org.assertj.core.api.Assertions.assertThat;

/** Consumers resolve the secrets bound to their own settings, every resolution is recorded, and nothing else. */
class SecretResolutionIntegrationTest extends CommandSideIntegrationTest {

    @Test
    void anInstanceResolvesItsOwnSettingAndTheResolutionIsRecordedWithItsPrincipal() {
        String secret = newSecret();
        String id = createCredential("openai", secret);
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        String botName = unique("acme-bot");
        String bot = issueToken(botName, "INSTANCE", setting.instanceId());

        Reply reply = resolve(setting, bot);

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json().get("credentialId").asString()).isEqualTo(id);
        assertThat(reply.json().get("secret").asString()).isEqualTo(secret);
        assertThat(reply.json().get("version").asInt()).isEqualTo(1);
        assertThat(reply.header("Cache-Control")).contains("no-store");
        List<DomainEventMessage<?>> events = eventsOf(id);
        DomainEventMessage<?> last = events.get(events.size() - 1);
        assertThat(last.getPayload()).isEqualTo(new SecretResolved(id, setting.instanceId(), "openai.default", 1));
        assertThat(last.getMetaData()).containsEntry(ACTOR, botName);
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

    private Reply resolve(SettingRef setting, String token) {
        return send("GET", settingPath(setting) + "/secret", null, null, "Authorization", bearer(token));
    }
}
