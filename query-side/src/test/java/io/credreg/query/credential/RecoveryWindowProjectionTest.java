package io.credreg.query.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.DeletionImpact;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindDeletionImpact;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.EventFeeder;
import io.credreg.query.QuerySideTest;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Decision 0200 in the credential read model: deleted-but-restorable, restored, purged, and the preview. */
@QuerySideTest
class RecoveryWindowProjectionTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant UNTIL = T0.plus(Duration.ofDays(7));

    @Autowired
    CredentialProjection projection;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    QueryGateway queries;

    EventFeeder events;
    String id;
    String instance;

    @BeforeEach
    void setUp() {
        events = new EventFeeder(projection, transactions);
        id = UUID.randomUUID().toString();
        instance = "rw-" + UUID.randomUUID().toString().substring(0, 8);
        events.feed(id, new CredentialCreated(id, "Key", "openai", new SecretEnvelope("dk", "n", "c"), null,
                "sk-…9f3a", 1), T0);
        events.feed(id, new SettingBound(id, instance, "openai.default", "openai", null), T0);
        events.feed(id, new SettingBound(id, instance, "openai.bot", "openai", null), T0);
    }

    @Test
    void theDeletionPreviewNamesTheDefaultWindowAndADeletedCredentialUntilWhenItCanBeRestored() {
        DeletionImpact before = impact();
        assertThat(before.recoveryWindowDays()).isEqualTo(7);
        assertThat(before.restorableUntil()).isNull();
        assertThat(before.settings()).hasSize(2);

        deleteWithWindow();

        DeletionImpact after = impact();
        assertThat(after.settings()).isEmpty();
        assertThat(after.restorableUntil()).isEqualTo(UNTIL);
    }

    @Test
    void aDeletedCredentialShowsUntilWhenItIsRestorableAndARestoreMakesItActiveWithItsRebinds() {
        deleteWithWindow();
        CredentialDetail deleted = detail();
        assertThat(deleted.status()).isEqualTo("deleted");
        assertThat(deleted.restorableUntil()).isEqualTo(UNTIL);
        assertThat(deleted.purgedAt()).isNull();
        assertThat(deleted.bindings()).isEmpty();

        Instant restoredAt = T0.plus(Duration.ofDays(2));
        events.feed(id, new CredentialRestored(id, "Key", "openai", new SecretEnvelope("dk", "n", "c"), 1,
                List.of(new SettingRef(instance, "openai.default")), List.of(new SettingRef(instance, "openai.bot"))),
                restoredAt);
        events.feed(id, new SettingBound(id, instance, "openai.default", "openai", null), restoredAt);

        CredentialDetail restored = detail();
        assertThat(restored.status()).isEqualTo("active");
        assertThat(restored.restorableUntil()).isNull();
        assertThat(restored.bindingCount()).isEqualTo(1);
        assertThat(restored.bindings()).extracting(CredentialDetail.Binding::settingKey)
                .containsExactly("openai.default");
        assertThat(restored.updatedAt()).isEqualTo(restoredAt);
        assertThat(restored.version()).as("created, two binds, the deletion and its two unbinds, the restore and its rebind").isEqualTo(7L);
        assertThat(impact().settings()).containsExactly(new SettingRef(instance, "openai.default"));
    }

    @Test
    void aPurgedCredentialStaysDeletedWithThePurgeTimeAndNoRestoreTime() {
        deleteWithWindow();
        Instant purgedAt = UNTIL.plusSeconds(30);

        events.feed(id, new CredentialPurged(id, "Key", "openai", "dk"), purgedAt);

        CredentialDetail purged = detail();
        assertThat(purged.status()).isEqualTo("deleted");
        assertThat(purged.restorableUntil()).isNull();
        assertThat(purged.purgedAt()).isEqualTo(purgedAt);
        assertThat(impact().restorableUntil()).isNull();
    }

    @Test
    void aDeletionWithoutAWindowIsNeitherRestorableNorPurged() {
        events.feed(id, new CredentialDeleted(id, "Key", "openai", null, "dk", 2), T0.plusSeconds(1));

        assertThat(detail().restorableUntil()).isNull();
        assertThat(detail().purgedAt()).isNull();
    }

    private void deleteWithWindow() {
        Instant at = T0.plusSeconds(60);
        events.feed(id, new CredentialDeleted(id, "Key", "openai", null, null, 2, UNTIL), at);
        events.feed(id, new SettingUnbound(id, instance, "openai.default", UnbindReason.CREDENTIAL_DELETED), at);
        events.feed(id, new SettingUnbound(id, instance, "openai.bot", UnbindReason.CREDENTIAL_DELETED), at);
    }

    private CredentialDetail detail() {
        return queries.query(new FindCredential(id), ResponseTypes.optionalInstanceOf(CredentialDetail.class))
                .join().orElseThrow();
    }

    private DeletionImpact impact() {
        return queries.query(new FindDeletionImpact(id), ResponseTypes.optionalInstanceOf(DeletionImpact.class))
                .join().orElseThrow();
    }
}
