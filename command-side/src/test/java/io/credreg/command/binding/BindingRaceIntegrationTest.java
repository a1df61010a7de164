package io.credreg.command.binding;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import static io.credreg.api.EventMetadata.CAUSATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariants 1 and 2 under concurrent requests through the real HTTP path (controllers, the command gateway and its
 * retries). Each round is checked against what some serial order of the same requests would have produced.
 */
class BindingRaceIntegrationTest extends CommandSideIntegrationTest {

    private static final int DELETION_ROUNDS = 50;
    private static final int RACING_BINDS = 8;
    private static final int ROUNDS = 15;

    @Test
    void bindsRacingADeletionAreEitherUndoneByItOrRefusedAsGone() {
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < DELETION_ROUNDS; round++) {
            String id = createOpenAiCredential();
            String instance = unique("race");
            List<SettingRef> boundBefore = List.of(new SettingRef(instance, "openai.default"),
                    new SettingRef(instance, "openai.bot.pre-1"), new SettingRef(instance, "openai.bot.pre-2"));
            boundBefore.forEach(setting -> bindOk(setting, id));

            List<SettingRef> racing = new ArrayList<>();
            List<Supplier<Reply>> requests = new ArrayList<>();
            requests.add(() -> deleteCredential(id));
            for (int i = 0; i < RACING_BINDS; i++) {
                SettingRef setting = new SettingRef(instance, "openai.bot.new-" + i);
                racing.add(setting);
                requests.add(() -> bind(setting, id));
            }
            @SuppressWarnings("unchecked")
            List<Reply> replies = concurrently(requests.toArray(Supplier[]::new));

            Reply deletion = replies.get(0);
            assertThat(deletion.status()).as("round %d deletion: %s", round, deletion).isEqualTo(200);
            Set<SettingRef> acceptedBinds = new LinkedHashSet<>();
            for (int i = 0; i < RACING_BINDS; i++) {
                Reply bind = replies.get(i + 1);
                assertThat(bind.status()).as("round %d bind %s: %s", round, racing.get(i), bind).isIn(200, 410);
                if (bind.status() == 200) {
                    acceptedBinds.add(racing.get(i));
                } else {
                    assertThat(bind.contentType()).startsWith(PROBLEM_JSON);
                    assertThat(bind.json().get("type").asString()).endsWith("/credential-deleted");
                }
            }
            accepted += acceptedBinds.size();
            refused += RACING_BINDS - acceptedBinds.size();

            // binds and the deletion serialize on the credential's stream: the deletion undid exactly the binds
            // that committed before it, and every bind after it was refused
            Set<SettingRef> expectedUnbound = new HashSet<>(boundBefore);
            expectedUnbound.addAll(acceptedBinds);
            assertThat(new HashSet<>(unboundOf(deletion))).as("round %d unbound", round).isEqualTo(expectedUnbound);

            assertThat(jdbc.queryForObject("select count(*) from setting_slot where credential_id = ?", Long.class,
                    id)).as("round %d setting_slot rows of the deleted credential", round).isZero();
            List<DomainEventMessage<?>> events = eventsOf(id);
            assertThat(bindingsAfter(events)).as("round %d bindings left in the stream", round).isEmpty();
            assertDeletionCascade(events, expectedUnbound);
        }
        System.out.printf("deletion race: %d binds accepted before the deletion, %d refused after it%n",
                accepted, refused);
    }

    @Test
    void twoBindsOfOneSettingToDifferentCredentialsLeaveExactlyOneHolder() {
        for (int round = 0; round < ROUNDS; round++) {
            String a = createOpenAiCredential();
            String b = createOpenAiCredential();
            SettingRef setting = new SettingRef(unique("race"), "openai.default");

            List<Reply> replies = concurrently(() -> bind(setting, a), () -> bind(setting, b));

            assertThat(replies).as("round %d", round).allSatisfy(reply -> assertThat(reply.status()).isEqualTo(200));
            String holder = holderOf(setting).orElseThrow();
            assertThat(holder).isIn(a, b);
            String other = holder.equals(a) ? b : a;
            Reply holderReply = replies.get(holder.equals(a) ? 0 : 1);
            Reply otherReply = replies.get(holder.equals(a) ? 1 : 0);
            // the bind that committed last replaced the one that committed first
            assertThat(holderReply.json().get("replacedCredentialId").asString()).isEqualTo(other);
            assertThat(otherReply.json().get("replacedCredentialId").isNull()).isTrue();

            assertThat(bindingsAfter(eventsOf(holder))).containsExactly(setting);
            assertThat(bindingsAfter(eventsOf(other))).isEmpty();
            assertThat(payloads(eventsOf(other))).containsSubsequence(
                    new SettingBound(other, setting.instanceId(), setting.settingKey(), "openai", null),
                    new SettingUnbound(other, setting.instanceId(), setting.settingKey(), UnbindReason.REPLACED));
            assertThat(payloads(eventsOf(holder))).contains(
                    new SettingBound(holder, setting.instanceId(), setting.settingKey(), "openai", other));
        }
    }

    @Test
    void anUnbindRacingAReplacementUnbindsWhicheverCredentialHoldsTheSetting() {
        for (int round = 0; round < ROUNDS; round++) {
            String a = createOpenAiCredential();
            String b = createOpenAiCredential();
            SettingRef setting = new SettingRef(unique("race"), "openai.default");
            bindOk(setting, a);

            List<Reply> replies = concurrently(() -> bind(setting, b), () -> unbind(setting));

            Reply bind = replies.get(0);
            Reply unbind = replies.get(1);
            assertThat(bind.status()).as("round %d bind: %s", round, bind).isEqualTo(200);
            // the setting was bound to a credential in both serial orders, so the unbind always has one to unbind
            assertThat(unbind.status()).as("round %d unbind: %s", round, unbind).isEqualTo(204);
            assertThat(bindingsAfter(eventsOf(a))).isEmpty();
            if (holderOf(setting).isPresent()) {
                // unbind first, then the bind found the setting free
                assertThat(holderOf(setting)).contains(b);
                assertThat(bind.json().get("replacedCredentialId").isNull()).isTrue();
                assertThat(bindingsAfter(eventsOf(b))).containsExactly(setting);
            } else {
                // bind first (replacing a), then the unbind let go of b
                assertThat(bind.json().get("replacedCredentialId").asString()).isEqualTo(a);
                assertThat(bindingsAfter(eventsOf(b))).isEmpty();
            }
        }
    }

    @Test
    void anInstanceRemovalRacingADeletionRemovesEveryRemainingSetting() {
        for (int round = 0; round < ROUNDS; round++) {
            String a = createOpenAiCredential();
            String b = createOpenAiCredential();
            String instance = unique("race");
            SettingRef ofA = new SettingRef(instance, "openai.bot.a");
            SettingRef ofB = new SettingRef(instance, "openai.bot.b");
            bindOk(ofA, a);
            bindOk(ofB, b);

            List<Reply> replies = concurrently(() -> deleteCredential(a), () -> delete("/api/instances/" + instance));

            Reply deletion = replies.get(0);
            Reply removal = replies.get(1);
            assertThat(deletion.status()).as("round %d deletion: %s", round, deletion).isEqualTo(200);
            assertThat(removal.status()).as("round %d removal: %s", round, removal).isEqualTo(200);
            Set<SettingRef> undone = new HashSet<>(unboundOf(deletion));
            assertThat(undone).doesNotContainAnyElementsOf(unboundOf(removal));
            undone.addAll(unboundOf(removal));
            assertThat(undone).isEqualTo(Set.of(ofA, ofB));
            assertThat(jdbc.queryForObject("select count(*) from setting_slot where instance_id = ?", Long.class,
                    instance)).isZero();
            assertThat(bindingsAfter(eventsOf(a))).isEmpty();
            assertThat(bindingsAfter(eventsOf(b))).isEmpty();
        }
    }

    /** The stream ends with the deletion and one unbind per binding it undid, each caused by the deletion event. */
    private static void assertDeletionCascade(List<DomainEventMessage<?>> events, Set<SettingRef> unbound) {
        int deletionAt = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).getPayload() instanceof CredentialDeleted) {
                deletionAt = i;
            }
        }
        assertThat(deletionAt).as("a CredentialDeleted event").isNotNegative();
        DomainEventMessage<?> deletion = events.get(deletionAt);
        assertThat(((CredentialDeleted) deletion.getPayload()).bindingCount()).isEqualTo(unbound.size());
        List<DomainEventMessage<?>> cascade = events.subList(deletionAt + 1, events.size());
        assertThat(cascade).hasSize(unbound.size());
        Set<SettingRef> cascaded = new HashSet<>();
        for (DomainEventMessage<?> event : cascade) {
            assertThat(event.getPayload()).as("only cascade unbinds follow the deletion")
                    .isInstanceOfSatisfying(SettingUnbound.class, unbind -> {
                        assertThat(unbind.reason()).isEqualTo(UnbindReason.CREDENTIAL_DELETED);
                        cascaded.add(new SettingRef(unbind.instanceId(), unbind.settingKey()));
                    });
            assertThat(event.getMetaData()).containsEntry(CAUSATION_ID, deletion.getIdentifier());
        }
        assertThat(cascaded).isEqualTo(unbound);
    }
}
