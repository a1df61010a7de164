package io.credreg.query.audit;

import io.credreg.api.audit.AuditEntry;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.EventFeeder;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Decision 0200 in the audit log: what a deletion with a window, a restore and a purge read as. */
@QuerySideTest
class RecoveryWindowAuditTest {

    @Autowired
    AuditProjection projection;
    @Autowired
    AuditLog log;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void aRestorableDeletionARestoreAndAPurgeReadAsWhatHappened() {
        EventFeeder events = new EventFeeder(projection, transactions);
        String id = UUID.randomUUID().toString();
        SecretEnvelope envelope = new SecretEnvelope("dk", "n", "c");
        events.feed(id, new CredentialCreated(id, "support-bot", "openai", envelope, null, "sk-…0001", 1));
        AuditEntry deleted = entryOf(events.feed(id, new CredentialDeleted(id, "support-bot", "openai", null, null, 0,
                Instant.parse("2026-03-08T10:00:00Z"))));
        AuditEntry restored = entryOf(events.feed(id, new CredentialRestored(id, "support-bot", "openai", envelope, 1,
                List.of(), List.of())));
        AuditEntry shredded = entryOf(events.feed(id, new CredentialDeleted(id, "support-bot", "openai", null, "dk",
                0)));
        AuditEntry purged = entryOf(events.feed(id, new CredentialPurged(id, "support-bot", "openai", "dk")));

        assertThat(deleted.summary()).isEqualTo(
                "openai key 'support-bot' deleted, restorable within its recovery window by alice");
        assertThat(deleted.reason()).isEqualTo(AuditProjection.RESTORABLE);
        assertThat(restored.summary()).isEqualTo("openai key 'support-bot' restored with secret version 1 by alice");
        assertThat(shredded.summary()).isEqualTo("openai key 'support-bot' deleted by alice");
        assertThat(purged.summary()).isEqualTo(
                "openai key 'support-bot' purged: its recovery window ended and its secret is destroyed by alice");
        // (the purge poller sends its purges as the actor "recovery-window")
        assertThat(List.of(deleted, restored, purged)).allSatisfy(entry -> assertThat(entry.credentialId()).isEqualTo(id));
    }

    private AuditEntry entryOf(TrackedEventMessage<?> message) {
        List<AuditEntry> entries = log.correlated("corr-"
                + ((GlobalSequenceTrackingToken) message.trackingToken()).getGlobalIndex());
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
