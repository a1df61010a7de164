package io.credreg.query.audit;

import io.credreg.api.audit.AuditEntry;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.credential.CredentialConsumer;
import io.credreg.api.credential.CredentialConsumers;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialSecretPromoted;
import io.credreg.api.credential.CredentialSecretStaged;
import io.credreg.api.credential.DeletionImpact;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindCredentialConsumers;
import io.credreg.api.credential.FindCredentialHistory;
import io.credreg.api.credential.FindDeletionImpact;
import io.credreg.api.credential.HistoryEntry;
import io.credreg.api.credential.PromotionTrigger;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.api.credential.SecretResolved;
import io.credreg.api.credential.SecretVersionRetired;
import io.credreg.api.credential.StagedPromotion;
import io.credreg.query.EventFeeder;
import io.credreg.query.QuerySideTest;

import io.credreg.query.credential.CredentialProjection;
import io.credreg.query.credential.StagedRotationProjection;
import io.credreg.query.history.HistoryProjection;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Staged rotation (decision 0210) in the read models: detail, consumers, deletion impact, history, audit log. */
@QuerySideTest
class StagedRotationReadModelTest {

    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    @Autowired
    CredentialProjection credentials;
    @Autowired
    StagedRotationProjection staged;
    @Autowired
    HistoryProjection history;
    @Autowired
    AuditProjection audit;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcTemplate jdbc;

    private List<EventFeeder> feeders;
    private EventFeeder first;
    private String id;

    @BeforeEach
    void setUp() {
        first = new EventFeeder(credentials, transactions);
        feeders = List.of(new EventFeeder(staged, transactions), new EventFeeder(history, transactions),
                new EventFeeder(audit, transactions));
        id = UUID.randomUUID().toString();
    }

    /** One message to every projection, as the processors would each see it. */
    private TrackedEventMessage<?> feed(Object payload, Instant at) {
        TrackedEventMessage<?> message = first.feed(id, payload, at);
        feeders.forEach(feeder -> feeder.redeliver(message));
        return message;
    }

    private TrackedEventMessage<?> resolved(String instance, int version, Instant at) {
        TrackedEventMessage<?> message = first.feedNonAggregate(new SecretResolved(id, instance, "openai.default",
                version, "tok-" + instance), MetaData.emptyInstance());
        feeders.forEach(feeder -> feeder.redeliver(message));
        return message;
    }

    @Test
    void theDetailShowsThePendingVersionAndWhichVersionEachBindingLastResolved() {
        feed(new CredentialCreated(id, "support-bot", "openai", new SecretEnvelope("dk1", "n", "c"), null,
                "sk-…0001", 1), T0);
        feed(new SettingBound(id, "acme-1", "openai.default", "openai", null), T0);
        feed(new SettingBound(id, "acme-2", "openai.default", "openai", null), T0);
        resolved("acme-1", 1, T0);
        resolved("acme-2", 1, T0);
        feed(new CredentialSecretStaged(id, new SecretEnvelope("dk2", "n", "c"), "sk-…0002", 2, 1,
                StagedPromotion.WHEN_ALL_RESOLVED, null, 3600, null, null), T0.plusSeconds(10));
        resolved("acme-1", 2, T0);

        CredentialDetail pending = detail();
        assertThat(pending.secretVersion()).isEqualTo(1);
        assertThat(pending.secretHint()).isEqualTo("sk-…0001");
        assertThat(pending.pendingVersion()).isEqualTo(2);
        assertThat(pending.pendingHint()).isEqualTo("sk-…0002");
        assertThat(pending.version()).isEqualTo(3);
        assertThat(pending.bindings()).extracting(CredentialDetail.Binding::instanceId,
                CredentialDetail.Binding::lastResolvedVersion).containsExactly(tuple("acme-1", 2), tuple("acme-2", 1));
        assertThat(pending.bindings()).allSatisfy(binding -> assertThat(binding.lastResolvedAt()).isNotNull());
        assertThat(consumers()).extracting(CredentialConsumer::instanceId, CredentialConsumer::lastResolvedVersion)
                .containsExactly(tuple("acme-1", 2), tuple("acme-2", 1));
        DeletionImpact impact = queries.query(new FindDeletionImpact(id),
                ResponseTypes.optionalInstanceOf(DeletionImpact.class)).join().orElseThrow();
        assertThat(impact.pendingVersion()).as("the preview says the pending version goes too").isEqualTo(2);

        TrackedEventMessage<?> promotion = feed(new CredentialSecretPromoted(id, 2, "sk-…0002", 1, "dk1", 3600,
                PromotionTrigger.ALL_RESOLVED), T0.plusSeconds(20));
        staged(promotion); // a redelivery changes nothing
        CredentialDetail promoted = detail();
        assertThat(promoted.secretVersion()).isEqualTo(2);
        assertThat(promoted.secretHint()).isEqualTo("sk-…0002");
        assertThat(promoted.pendingVersion()).isNull();
        assertThat(promoted.pendingHint()).isNull();
        assertThat(promoted.version()).isEqualTo(4);

        feed(new SecretVersionRetired(id, 1, "dk1"), T0.plusSeconds(30));
        assertThat(detail().version()).isEqualTo(5);

        List<HistoryEntry> entries = queries.query(new FindCredentialHistory(id),
                ResponseTypes.multipleInstancesOf(HistoryEntry.class)).join();
        assertThat(entries).extracting(HistoryEntry::type, HistoryEntry::reason, HistoryEntry::secretVersion)
                .contains(tuple("CredentialSecretStaged", null, 2),
                        tuple("CredentialSecretPromoted", "ALL_RESOLVED", 2),
                        tuple("SecretVersionRetired", null, 1));
        List<String> summaries = jdbc.queryForList("select event_type from qr_audit_entry where credential_id = ? "
                + "order by global_sequence", String.class, id);
        assertThat(summaries).containsSubsequence("CredentialSecretStaged", "CredentialSecretPromoted",
                "SecretVersionRetired");
    }

    @Test
    void theAuditLogSaysWhatEachStepDid() {
        feed(new CredentialCreated(id, "support-bot", "openai", new SecretEnvelope("dk1", "n", "c"), null,
                "sk-…0001", 1), T0);
        AuditEntry stagedEntry = audit(feed(new CredentialSecretStaged(id, new SecretEnvelope("dk2", "n", "c"),
                "sk-…0002", 2, 1, StagedPromotion.MANUAL, null, 60, null, null), T0));
        AuditEntry promotedEntry = audit(feed(new CredentialSecretPromoted(id, 2, "sk-…0002", 1, "dk1", 60,
                PromotionTrigger.MANUAL), T0));
        AuditEntry retiredEntry = audit(feed(new SecretVersionRetired(id, 1, "dk1"), T0));

        assertThat(stagedEntry.summary())
                .isEqualTo("openai key 'support-bot' staged secret version 2 as pending (manually) by alice");
        assertThat(promotedEntry.summary())
                .isEqualTo("openai key 'support-bot' promoted secret version 2 to current (manually) by alice");
        assertThat(retiredEntry.summary())
                .isEqualTo("openai key 'support-bot' retired secret version 1, its key destroyed by alice");
        assertThat(retiredEntry.secretVersion()).isEqualTo(1);
    }

    @Test
    void aDeletionDropsThePendingVersionFromTheDetail() {
        feed(new CredentialCreated(id, "k", "openai", new SecretEnvelope("dk1", "n", "c"), null, "sk-…0001", 1), T0);
        feed(new CredentialSecretStaged(id, new SecretEnvelope("dk2", "n", "c"), "sk-…0002", 2, 1,
                StagedPromotion.MANUAL, null, 60, null, null), T0);
        feed(new CredentialDeleted(id, "k", "openai", null, "dk1", 0), T0);

        assertThat(detail().status()).isEqualTo("deleted");
        assertThat(detail().pendingVersion()).isNull();
    }

    private void staged(TrackedEventMessage<?> message) {
        feeders.get(0).redeliver(message);
    }

    private CredentialDetail detail() {
        return queries.query(new FindCredential(id), ResponseTypes.optionalInstanceOf(CredentialDetail.class))
                .join().orElseThrow();
    }

    private List<CredentialConsumer> consumers() {
        return queries.query(new FindCredentialConsumers(id), ResponseTypes.optionalInstanceOf(
                CredentialConsumers.class)).join().orElseThrow().items();
    }

    @Autowired
    AuditLog log;

    private AuditEntry audit(TrackedEventMessage<?> message) {
        List<AuditEntry> entries = log.correlated("corr-"
                + ((org.axonframework.eventhandling.GlobalSequenceTrackingToken) message.trackingToken())
                .getGlobalIndex());
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }
}
