package io.credreg.query.history;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.FindCredentialHistory;
import io.credreg.api.credential.HistoryEntry;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.api.credential.SecretResolved;
import io.credreg.query.EventFeeder;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

@QuerySideTest
class HistoryProjectionTest {

    private static final Instant T0 = Instant.parse("2026-02-01T08:30:00Z");

    @Autowired
    HistoryProjection projection;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    QueryGateway queries;

    EventFeeder events;
    String id;

    @BeforeEach
    void setUp() {
        events = new EventFeeder(projection, transactions);
        id = UUID.randomUUID().toString();
    }

    @Test
    void recordsEveryEventWithItsEnvelopeInGlobalOrder() {
        TrackedEventMessage<?> created = events.feed(id, new CredentialCreated(id, "Key", "openai",
                new SecretEnvelope("dk1", "n", "c"), "fp", "sk-…0001", 1), T0);
        events.feed(id, new CredentialRenamed(id, "openai", "Key", "Main"), T0);
        events.feed(id, new CredentialSecretRotated(id, new SecretEnvelope("dk2", "n", "c"), "fp2", "sk-…0002", 2,
                "dk1"), T0);
        events.feed(id, new SettingBound(id, "acme-1", "openai.default", "openai", null), T0);
        events.feed(id, new SecretResolved(id, "acme-1", "openai.default", 2), T0);
        events.feed(id, new SettingUnbound(id, "acme-1", "openai.default", UnbindReason.REPLACED), T0);
        events.feed(id, new CredentialDeleted(id, "Main", "openai", "fp2", "dk2", 0), T0);

        List<HistoryEntry> history = history(id);

        assertThat(history).extracting(HistoryEntry::type, HistoryEntry::reason, HistoryEntry::instanceId,
                HistoryEntry::settingKey, HistoryEntry::secretVersion).containsExactly(
                tuple("CredentialCreated", null, null, null, 1),
                tuple("CredentialRenamed", null, null, null, null),
                tuple("CredentialSecretRotated", null, null, null, 2),
                tuple("SettingBound", null, "acme-1", "openai.default", null),
                tuple("SecretResolved", null, "acme-1", "openai.default", 2),
                tuple("SettingUnbound", "REPLACED", "acme-1", "openai.default", null),
                tuple("CredentialDeleted", null, null, null, null));
        long firstSequence = ((GlobalSequenceTrackingToken) created.trackingToken()).getGlobalIndex();
        HistoryEntry first = history.get(0);
        assertThat(first.sequence()).isEqualTo(firstSequence);
        assertThat(first.occurredAt()).isEqualTo(T0);
        assertThat(first.actor()).isEqualTo("alice");
        assertThat(first.correlationId()).isEqualTo("corr-" + firstSequence);
        assertThat(first.causationId()).isEqualTo("cause-" + firstSequence);
        assertThat(history).extracting(HistoryEntry::sequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void redeliveredEventIsRecordedOnce() {
        TrackedEventMessage<?> created = events.feed(id, new CredentialCreated(id, "Key", "openai",
                new SecretEnvelope("dk1", "n", "c"), "fp", "sk-…0001", 1));

        events.redeliver(created);

        assertThat(history(id)).hasSize(1);
    }

    @Test
    void unknownCredentialHasNoHistory() {
        assertThat(history(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void resetClearsTheHistory() {
        events.feed(id, new CredentialRenamed(id, "openai", "A", "B"));

        events.reset();

        assertThat(history(id)).isEmpty();
    }

    private List<HistoryEntry> history(String credentialId) {
        return queries.query(new FindCredentialHistory(credentialId),
                ResponseTypes.multipleInstancesOf(HistoryEntry.class)).join();
    }
}
