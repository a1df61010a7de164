package io.credreg.command.binding;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Removing an instance revokes its instance tokens, as recorded events in the removal's transaction: an instance
 * created later under the same id cannot be read with a token of the removed one.
 */
class InstanceRemovalRevokesTokensIntegrationTest extends CommandSideIntegrationTest {

    @Test
    void aRemovedInstancesTokenDoesNotResolveTheNextInstanceUnderTheSameId() {
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, createCredential("openai", newSecret()));
        String oldBot = issueToken(unique("acme-bot"), "INSTANCE", setting.instanceId());
        String otherInstancesBot = issueToken(unique("globex-bot"), "INSTANCE", unique("globex"));
        assertThat(resolve(setting, oldBot).status()).isEqualTo(200);

        Reply removed = delete("/api/instances/" + setting.instanceId());

        assertThat(removed.status()).as("%s", removed).isEqualTo(200);
        List<String> revoked = jsonStrings(removed, "revokedTokenIds");
        assertThat(revoked).hasSize(1);
        List<DomainEventMessage<?>> tokenEvents = eventsOf(revoked.get(0));
        DomainEventMessage<?> revocation = tokenEvents.get(tokenEvents.size() - 1);
        assertThat(revocation.getPayload()).isInstanceOfSatisfying(ApiTokenRevoked.class,
                event -> assertThat(event.reason()).isEqualTo(ApiTokenRevoked.INSTANCE_REMOVED));
        assertThat(revocation.getMetaData()).containsEntry(CORRELATION_ID, removed.header("X-Correlation-Id"));

        String newSecret = newSecret();
        bindOk(setting, createCredential("openai", newSecret));
        Reply stale = resolve(setting, oldBot);
        assertThat(stale.status()).as("%s", stale).isEqualTo(401);
        assertThat(stale.body()).doesNotContain(newSecret);
        String newBot = issueToken(unique("acme-bot"), "INSTANCE", setting.instanceId());
        assertThat(resolve(setting, newBot).json().get("secret").asString()).isEqualTo(newSecret);
        assertThat(send("GET", "/api/tokens", null, null, "Authorization", bearer(otherInstancesBot)).status())
                .as("another instance's token still authenticates (and is forbidden the listing)").isEqualTo(403);
    }

    @Test
    void anInstanceWithOnlyTokensCanBeRemovedAndAnUnknownOneIsNotFound() {
        String instance = unique("tokens-only");
        issueToken(unique("bot"), "INSTANCE", instance);

        Reply removed = delete("/api/instances/" + instance);
        Reply again = delete("/api/instances/" + instance);

        assertThat(removed.status()).as("%s", removed).isEqualTo(200);
        assertThat(jsonStrings(removed, "revokedTokenIds")).hasSize(1);
        assertThat(jsonStrings(removed, "unbound")).isEmpty();
        assertThat(again.status()).as("%s", again).isEqualTo(404);
    }

    private Reply resolve(SettingRef setting, String token) {
        return send("GET", settingPath(setting) + "/secret", null, null, "Authorization", bearer(token));
    }

    private static List<String> jsonStrings(Reply reply, String field) {
        return reply.json().get(field).valueStream().map(node -> node.asString()).toList();
    }
}
