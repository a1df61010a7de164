package io.credreg.command.staged;

import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialSecretPromoted;
import io.credreg.api.credential.CredentialSecretStaged;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.api.credential.SecretResolved;
import io.credreg.api.credential.SecretVersionRetired;
import io.credreg.api.credential.StagedPromotion;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.lookup.StaleLookupException;
import io.credreg.api.token.TokenRole;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static io.credreg.api.EventMetadata.ACTOR_ROLE;

/**
 * Keeps {@code secret_version_state} (the pending and the previous version of each credential, and when the poller
 * must act on them) and {@code pending_resolution}, in the lookup processor's group: written in the transaction that
 * appends the events, so every node resolves, and polls, what has committed. A promotion moves the pending version
 * into {@code credential_secret} and the current one out of it, as the previous version.
 */
@Component
@ProcessingGroup(CommandLookups.PROCESSING_GROUP)
public class StagedSecretTable {

    public static final String PENDING = "PENDING";
    public static final String PREVIOUS = "PREVIOUS";

    private final JdbcTemplate jdbc;

    public StagedSecretTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CredentialSecretStaged event, @Timestamp Instant at) {
        if (event.replacedPendingVersion() != null) {
            jdbc.update("delete from secret_version_state where credential_id = ? and secret_version = ?",
                    event.credentialId(), event.replacedPendingVersion());
        }
        jdbc.update("delete from pending_resolution where credential_id = ?", event.credentialId());
        SecretEnvelope secret = event.secret();
        OffsetDateTime due = event.promotion() == StagedPromotion.AFTER && event.promoteAfterSeconds() != null
                ? utc(at.plusSeconds(event.promoteAfterSeconds())) : null;
        jdbc.update("insert into secret_version_state (credential_id, secret_version, stage, data_key_id, nonce, "
                        + "ciphertext, envelope_format, promotion, due_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                event.credentialId(), event.pendingVersion(), PENDING, secret.dataKeyId(), secret.nonce(),
                secret.ciphertext(), secret.format(), event.promotion().name(), due);
    }

    @EventHandler
    void on(CredentialSecretPromoted event, @Timestamp Instant at) {
        int moved = jdbc.update("insert into secret_version_state (credential_id, secret_version, stage, data_key_id, "
                        + "nonce, ciphertext, envelope_format, promotion, due_at) select credential_id, secret_version, ?, "
                        + "data_key_id, nonce, ciphertext, envelope_format, null, ? from credential_secret "
                        + "where credential_id = ? and status = 'ACTIVE' and secret_version = ?",
                PREVIOUS, utc(at.plusSeconds(event.graceSeconds())), event.credentialId(), event.previousVersion());
        int promoted = jdbc.update("update credential_secret set secret_version = ?, "
                        + "data_key_id = (select p.data_key_id from secret_version_state p where p.credential_id = ? and p.secret_version = ?), "
                        + "nonce = (select p.nonce from secret_version_state p where p.credential_id = ? and p.secret_version = ?), "
                        + "ciphertext = (select p.ciphertext from secret_version_state p where p.credential_id = ? and p.secret_version = ?), "
                        + "envelope_format = (select p.envelope_format from secret_version_state p where p.credential_id = ? and p.secret_version = ?) "
                        + "where credential_id = ? and status = 'ACTIVE' and exists (select 1 from secret_version_state p "
                        + "where p.credential_id = ? and p.secret_version = ? and p.stage = ?)",
                event.secretVersion(), event.credentialId(), event.secretVersion(), event.credentialId(),
                event.secretVersion(), event.credentialId(), event.secretVersion(), event.credentialId(),
                event.secretVersion(), event.credentialId(), event.credentialId(), event.secretVersion(), PENDING);
        if (moved != 1 || promoted != 1) {
            throw new StaleLookupException("the pending secret of credential " + event.credentialId()
                    + " is not the one its promotion names");
        }
        jdbc.update("delete from secret_version_state where credential_id = ? and secret_version = ?",
                event.credentialId(), event.secretVersion());
        jdbc.update("delete from pending_resolution where credential_id = ?", event.credentialId());
    }

    @EventHandler
    void on(SecretVersionRetired event) {
        jdbc.update("delete from secret_version_state where credential_id = ? and secret_version = ?",
                event.credentialId(), event.secretVersion());
    }

    @EventHandler
    void on(CredentialDeleted event) {
        jdbc.update("delete from secret_version_state where credential_id = ?", event.credentialId());
        jdbc.update("delete from pending_resolution where credential_id = ?", event.credentialId());
    }

    /**
     * A consumer resolved the pending version: one step towards a promotion {@code WHEN_ALL_RESOLVED}. Resolutions
     * reach this table from the resolution journal's batches ({@link #countResolutions}); this handler serves an event
     * bus that runs the subscribers itself (Axon Server).
     */
    @EventHandler
    void on(SecretResolved event, EventMessage<SecretResolved> message) {
        countResolutions(List.of(message));
    }

    /**
     * Records which settings resolved their credential's pending version, in one JDBC batch. An admin's test
     * resolution does not count: it says nothing about whether the instance has moved to the new secret.
     */
    public void countResolutions(List<? extends EventMessage<?>> resolutions) {
        List<Object[]> byConsumers = resolutions.stream()
                .filter(message -> message.getPayload() instanceof SecretResolved
                        && !TokenRole.ADMIN.name().equals(message.getMetaData().get(ACTOR_ROLE)))
                .map(message -> {
                    SecretResolved resolved = (SecretResolved) message.getPayload();
                    return new Object[]{resolved.instanceId(), resolved.settingKey(), resolved.credentialId(),
                            resolved.secretVersion(), PENDING, StagedPromotion.WHEN_ALL_RESOLVED.name()};
                }).toList();
        if (!byConsumers.isEmpty()) {
            jdbc.batchUpdate("insert into pending_resolution (credential_id, secret_version, instance_id, "
                    + "setting_key) select credential_id, secret_version, ?, ? from secret_version_state "
                    + "where credential_id = ? and secret_version = ? and stage = ? and promotion = ?", byConsumers);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
