package io.credreg.query.history;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.FindCredentialHistory;
import io.credreg.api.credential.HistoryEntry;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.EventFeeder;
import io.credreg.query.QuerySideTest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Decision 0200: a deletion with a window, its restore with the rebind it caused, and a later purge, in history. */
@QuerySideTest
class RecoveryWindowHistoryTest {

    @Autowired
    HistoryProjection projection;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    QueryGateway queries;

    @Test
    void restoresTheirRebindsAndPurgesAreInTheHistory() {
        EventFeeder events = new EventFeeder(projection, transactions);
        String id = UUID.randomUUID().toString();
        Instant t0 = Instant.parse("2026-03-01T10:00:00Z");
        SecretEnvelope envelope = new SecretEnvelope("dk", "n", "c");
        events.feed(id, new CredentialCreated(id, "Key", "openai", envelope, null, "sk-…0001", 1), t0);
        events.feed(id, new SettingBound(id, "acme-1", "openai.default", "openai", null), t0);
        events.feed(id, new CredentialDeleted(id, "Key", "openai", null, null, 1, t0.plusSeconds(3600)), t0);
        events.feed(id, new SettingUnbound(id, "acme-1", "openai.default", UnbindReason.CREDENTIAL_DELETED), t0);
        events.feed(id, new CredentialRestored(id, "Key", "openai", envelope, 1,
                List.of(new SettingRef("acme-1", "openai.default")), List.of()), t0);
        events.feed(id, new SettingBound(id, "acme-1", "openai.default", "openai", null), t0);
        events.feed(id, new CredentialDeleted(id, "Key", "openai", null, null, 1, t0.plusSeconds(7200)), t0);
        events.feed(id, new SettingUnbound(id, "acme-1", "openai.default", UnbindReason.CREDENTIAL_DELETED), t0);
        events.feed(id, new CredentialPurged(id, "Key", "openai", "dk"), t0.plusSeconds(7300));

        List<HistoryEntry> history = queries.query(new FindCredentialHistory(id),
                ResponseTypes.multipleInstancesOf(HistoryEntry.class)).join();

        assertThat(history).extracting(HistoryEntry::type, HistoryEntry::secretVersion).containsExactly(
                tuple("CredentialCreated", 1), tuple("SettingBound", null), tuple("CredentialDeleted", null),
                tuple("SettingUnbound", null), tuple("CredentialRestored", 1), tuple("SettingBound", null),
                tuple("CredentialDeleted", null), tuple("SettingUnbound", null), tuple("CredentialPurged", null));
    }
}
