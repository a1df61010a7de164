package io.credreg.query.audit;

import io.credreg.api.audit.AuditEntry;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.TokenRole;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.EventFeeder;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the audit projection records for each event, and the sentence it makes of it. */
@QuerySideTest
class AuditProjectionTest {

    private static final Instant T0 = Instant.parse("2026-02-01T08:30:00Z");

    @Autowired
    AuditProjection projection;
    @Autowired
    AuditLog log;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    EventFeeder events;
    String id;

    @BeforeEach
    void setUp() {
        events = new EventFeeder(projection, transactions);
        id = UUID.randomUUID().toString();
    }

    @Test
    void recordsEachEventWithTheCredentialAsItWasThen() {
        AuditEntry created = entryOf(events.feed(id, new CredentialCreated(id, "support-bot", "openai",
                new SecretEnvelope("dk1", "n", "c"), "fp", "sk-…0001", 1), T0));
        AuditEntry bound = entryOf(events.feed(id, new SettingBound(id, "acme-1", "openai.default", "openai", null)));
        AuditEntry rotated = entryOf(events.feed(id, new CredentialSecretRotated(id,
                new SecretEnvelope("dk2", "n", "c"), "fp2", "sk-…0002", 2, "dk1")));
        AuditEntry renamed = entryOf(events.feed(id, new CredentialRenamed(id, "openai", "support-bot", "helpdesk")));
        AuditEntry deleted = entryOf(events.feed(id, new CredentialDeleted(id, "helpdesk", "openai", "fp2", "dk2", 1)));
        AuditEntry unbound = entryOf(events.feed(id, new SettingUnbound(id, "acme-1", "openai.default",
                UnbindReason.CREDENTIAL_DELETED)));

        assertThat(created.summary()).isEqualTo("openai key 'support-bot' created with secret version 1 by alice");
        assertThat(created.occurredAt()).isEqualTo(T0);
        assertThat(created.actor()).isEqualTo("alice");
        assertThat(created.correlationId()).isEqualTo("corr-" + created.sequence());
        assertThat(created.causationId()).isEqualTo("cause-" + created.sequence());
        assertThat(created.credentialId()).isEqualTo(id);
        assertThat(bound.summary())
                .isEqualTo("openai key 'support-bot' bound to instance acme-1 setting openai.default by alice");
        assertThat(bound.instanceId()).isEqualTo("acme-1");
        assertThat(bound.settingKey()).isEqualTo("openai.default");
        assertThat(rotated.summary()).isEqualTo("openai key 'support-bot' rotated to secret version 2 by alice");
        assertThat(rotated.secretVersion()).isEqualTo(2);
        assertThat(renamed.summary()).isEqualTo("openai key 'support-bot' renamed to 'helpdesk' by alice");
        assertThat(deleted.summary()).isEqualTo("openai key 'helpdesk' deleted by alice");
        assertThat(unbound.summary()).isEqualTo("openai key 'helpdesk' unbound from instance acme-1 setting "
                + "openai.default because it was deleted by alice");
        assertThat(unbound.reason()).isEqualTo("CREDENTIAL_DELETED");
        // The earlier entries keep the name they had: the log is not rewritten by a rename.
        assertThat(entryOf(created.correlationId()).summary()).contains("'support-bot'");
    }

    @Test
    void aTokensIssueReplacementAndRevocationAreRecorded() {
        String successor = UUID.randomUUID().toString();
        AuditEntry issued = entryOf(events.feed(id, new ApiTokenIssued(id, "ci-bot", TokenRole.AUDITOR, null,
                "sha256:x", T0.plusSeconds(86_400))));
        AuditEntry replaced = entryOf(events.feed(id, new ApiTokenReplaced(id, "ci-bot", successor,
                T0.plusSeconds(3_600))));
        AuditEntry revoked = entryOf(events.feed(id, new ApiTokenRevoked(id, "ci-bot")));

        assertThat(issued.summary()).isEqualTo("API token 'ci-bot' (" + id + ") issued with role AUDITOR by alice");
        assertThat(replaced.type()).isEqualTo("ApiTokenReplaced");
        assertThat(replaced.reason()).isEqualTo("REPLACED_BY_SUCCESSOR");
        assertThat(replaced.summary()).isEqualTo("API token 'ci-bot' (" + id
                + ") replaced by a successor, retiring after its grace period by alice");
        assertThat(revoked.summary()).isEqualTo("API token 'ci-bot' (" + id + ") revoked by alice");
    }

    @Test
    void everyUnbindReasonReadsAsWhatHappened() {
        events.feed(id, new CredentialCreated(id, "k", "dify", new SecretEnvelope("dk", "n", "c"), "fp", "h", 1));

        assertThat(unbind(UnbindReason.REQUESTED)).endsWith("setting dify.default by alice")
                .doesNotContain("because");
        assertThat(unbind(UnbindReason.REPLACED)).endsWith("because another credential replaced it by alice");
        assertThat(unbind(UnbindReason.INSTANCE_REMOVED)).endsWith("because the instance was removed by alice");
    }

    @Test
    void aCredentialSeenOnlyFromTheMiddleOfItsLifeIsNamedByItsId() {
        AuditEntry bound = entryOf(events.feed(id, new SettingBound(id, "acme-2", "n8n.default", "n8n", null)));

        assertThat(bound.summary()).isEqualTo("credential " + id + " bound to instance acme-2 setting n8n.default"
                + " by alice");
    }

    @Test
    void aRedeliveredEventIsRecordedOnce() {
        TrackedEventMessage<?> created = events.feed(id, new CredentialCreated(id, "Key", "openai",
                new SecretEnvelope("dk1", "n", "c"), "fp", "sk-…0001", 1));

        events.redeliver(created);

        assertThat(jdbc.queryForObject("select count(*) from qr_audit_entry where credential_id = ?", Long.class, id))
                .isEqualTo(1);
    }

    @Test
    void noSecretMaterialIsRecorded() {
        events.feed(id, new CredentialCreated(id, "Key", "openai", new SecretEnvelope("dk-secretish", "nonce-x",
                "ciphertext-y"), "fingerprint-z", "sk-…0001", 1));

        List<String> row = jdbc.queryForList("select * from qr_audit_entry where credential_id = ?", id).stream()
                .flatMap(columns -> columns.values().stream()).map(String::valueOf).toList();
        assertThat(row).isNotEmpty().noneMatch(value -> value.contains("dk-secretish") || value.contains("nonce-x")
                || value.contains("ciphertext-y") || value.contains("fingerprint-z") || value.contains("sk-…"));
    }

    @Test
    void resetEmptiesTheLog() {
        events.feed(id, new CredentialRenamed(id, "openai", "A", "B"));

        events.reset();

        assertThat(jdbc.queryForObject("select count(*) from qr_audit_entry", Long.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from qr_audit_credential", Long.class)).isZero();
    }

    private String unbind(UnbindReason reason) {
        return entryOf(events.feed(id, new SettingUnbound(id, "acme-3", "dify.default", reason))).summary();
    }

    private AuditEntry entryOf(TrackedEventMessage<?> message) {
        return entryOf("corr-" + ((GlobalSequenceTrackingToken) message.trackingToken()).getGlobalIndex());
    }

    /** The feeder gives every event a correlation id of its own; the watermark does not apply to correlations. */
    private AuditEntry entryOf(String correlationId) {
        List<AuditEntry> entries = log.correlated(correlationId);
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
