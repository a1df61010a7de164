package io.credreg.command.binding;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.credreg.api.EventMetadata.CAUSATION_ID;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** The binding endpoints end to end: events in the credentials' streams and the setting_slot lookup. */
class BindingIntegrationTest extends CommandSideIntegrationTest {

    @Test
    void bindingAHeldSettingReplacesItsHolderInOneStep() {
        String a = createOpenAiCredential();
        String b = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, b);

        Reply reply = bind(setting, a, "X-Request-Id", "replace-1");

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json().get("instanceId").asString()).isEqualTo(setting.instanceId());
        assertThat(reply.json().get("settingKey").asString()).isEqualTo(setting.settingKey());
        assertThat(reply.json().get("credentialId").asString()).isEqualTo(a);
        assertThat(reply.json().get("replacedCredentialId").asString()).isEqualTo(b);

        DomainEventMessage<?> unboundFromB = last(eventsOf(b));
        assertThat(unboundFromB.getPayload()).isEqualTo(new SettingUnbound(b, setting.instanceId(),
                setting.settingKey(), UnbindReason.REPLACED));
        DomainEventMessage<?> boundToA = last(eventsOf(a));
        assertThat(boundToA.getPayload()).isEqualTo(new SettingBound(a, setting.instanceId(), setting.settingKey(),
                "openai", b));
        assertThat(bindingsAfter(eventsOf(b))).doesNotContain(setting);
        assertThat(bindingsAfter(eventsOf(a))).containsExactly(setting);
        assertThat(holderOf(setting)).contains(a);

        // one command, one cause: both events were caused by the same BindToInstance
        assertThat(unboundFromB.getMetaData()).containsEntry(CORRELATION_ID, reply.header("X-Correlation-Id"));
        assertThat(boundToA.getMetaData()).containsEntry(CORRELATION_ID, reply.header("X-Correlation-Id"));
        assertThat(unboundFromB.getMetaData().get(CAUSATION_ID)).isNotNull()
                .isEqualTo(boundToA.getMetaData().get(CAUSATION_ID));
    }

    @Test
    void bindingTheHolderAgainChangesNothing() {
        String a = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, a);
        long before = eventRowCount();

        Reply reply = bind(setting, a);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("replacedCredentialId").isNull()).isTrue();
        assertThat(eventRowCount()).isEqualTo(before);
        assertThat(holderOf(setting)).contains(a);
    }

    @Test
    void aCredentialOfAnotherProviderIsRefusedWithConflict() {
        String dify = createCredential("dify", newSecret());
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        long before = eventRowCount();

        Reply reply = bind(setting, dify);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.json().get("type").asString()).endsWith("/provider-mismatch");
        assertThat(reply.json().get("settingProvider").asString()).isEqualTo("openai");
        assertThat(reply.json().get("credentialProvider").asString()).isEqualTo("dify");
        assertThat(eventRowCount()).isEqualTo(before);
        assertThat(holderOf(setting)).isEmpty();
    }

    @Test
    void anUnknownCredentialIsNotFound() {
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");

        Reply reply = bind(setting, "no-such-credential");

        assertThat(reply.status()).as("%s", reply).isEqualTo(404);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.json().get("credentialId").asString()).isEqualTo("no-such-credential");
        assertThat(holderOf(setting)).isEmpty();
    }

    @Test
    void aDeletedCredentialIsGone() {
        String a = createOpenAiCredential();
        assertThat(deleteCredential(a).status()).isEqualTo(200);

        Reply reply = bind(new SettingRef(unique("acme"), "openai.default"), a);

        assertThat(reply.status()).isEqualTo(410);
        assertThat(reply.json().get("type").asString()).endsWith("/credential-deleted");
    }

    @Test
    void unbindingFreesTheSettingAndASecondUnbindFindsNothing() {
        String a = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, a);

        Reply first = unbind(setting);
        Reply second = unbind(setting);

        assertThat(first.status()).isEqualTo(204);
        assertThat(holderOf(setting)).isEmpty();
        assertThat(last(eventsOf(a)).getPayload()).isEqualTo(new SettingUnbound(a, setting.instanceId(),
                setting.settingKey(), UnbindReason.REQUESTED));
        assertThat(second.status()).isEqualTo(404);
        assertThat(second.json().get("type").asString()).endsWith("/not-found");
        // the freed setting can be bound again
        bindOk(setting, a);
        assertThat(holderOf(setting)).contains(a);
    }

    @Test
    void removingAnInstanceUnbindsAllItsSettingsAcrossCredentials() {
        String a = createOpenAiCredential();
        String b = createOpenAiCredential();
        String instance = unique("acme");
        SettingRef one = new SettingRef(instance, "openai.bot.1");
        SettingRef two = new SettingRef(instance, "openai.bot.2");
        SettingRef three = new SettingRef(instance, "openai.default");
        SettingRef elsewhere = new SettingRef(unique("globex"), "openai.default");
        bindOk(one, a);
        bindOk(two, b);
        bindOk(three, a);
        bindOk(elsewhere, a);

        Reply reply = delete("/api/instances/" + instance);

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json().get("instanceId").asString()).isEqualTo(instance);
        assertThat(unboundOf(reply)).containsExactlyInAnyOrder(one, two, three);
        assertThat(jdbc.queryForObject("select count(*) from setting_slot where instance_id = ?", Long.class,
                instance)).isZero();
        assertThat(bindingsAfter(eventsOf(a))).containsExactly(elsewhere);
        assertThat(bindingsAfter(eventsOf(b))).isEmpty();
        assertThat(payloads(eventsOf(b))).contains(new SettingUnbound(b, instance, "openai.bot.2",
                UnbindReason.INSTANCE_REMOVED));

        Reply again = delete("/api/instances/" + instance);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("instanceId").asString()).isEqualTo(instance);
    }

    @Test
    void aDeletionFreesEverySettingItHeldForOthers() {
        String a = createOpenAiCredential();
        String b = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, a);
        assertThat(deleteCredential(a).status()).isEqualTo(200);

        Reply reply = bind(setting, b);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("replacedCredentialId").isNull()).isTrue();
        assertThat(holderOf(setting)).contains(b);
    }

    private static DomainEventMessage<?> last(List<DomainEventMessage<?>> events) {
        return events.get(events.size() - 1);
    }
}
