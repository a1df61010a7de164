package io.credreg.query.credential;

import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialSecretPromoted;
import io.credreg.api.credential.CredentialSecretStaged;
import io.credreg.api.credential.SecretResolved;
import io.credreg.api.credential.SecretVersionRetired;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Staged rotation in the {@code credentials} read model (decision 0210): the pending version and hint of each
 * credential, and which version each setting last resolved and when ({@code qr_consumer}), from the resolutions.
 * In the credentials group, so the pending version moves in the transaction that moves the credential's version.
 * Idempotent like the rest of the group: the version only grows, a consumer's row only moves forward in time.
 */
@Component
@ProcessingGroup(CredentialProjection.PROCESSING_GROUP)
public class StagedRotationProjection {

    private static final String ADVANCE_VERSION =
            "version = case when version is null or version < ? then ? else version end";

    private final JdbcTemplate jdbc;
    private final LastResolutions lastResolutions;

    StagedRotationProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.lastResolutions = new LastResolutions(jdbc);
    }

    @EventHandler
    void on(CredentialSecretStaged event, @Timestamp Instant at, @SequenceNumber long version) {
        jdbc.update("update qr_credential set pending_version = ?, pending_hint = ?, updated_at = ?, " + ADVANCE_VERSION
                        + " where credential_id = ? and (pending_version is null or pending_version < ?) "
                        + "and secret_version < ?", event.pendingVersion(), event.secretHint(), utc(at), version,
                version, event.credentialId(), event.pendingVersion(), event.pendingVersion());
        advance(event.credentialId(), version);
    }

    @EventHandler
    void on(CredentialSecretPromoted event, @Timestamp Instant at, @SequenceNumber long version) {
        jdbc.update("update qr_credential set secret_version = ?, secret_hint = ?, pending_version = null, "
                        + "pending_hint = null, updated_at = ?, " + ADVANCE_VERSION
                        + " where credential_id = ? and secret_version < ?", event.secretVersion(), event.secretHint(),
                utc(at), version, version, event.credentialId(), event.secretVersion());
        advance(event.credentialId(), version);
    }

    /** A deleted credential's pending version was shredded with it. */
    @EventHandler
    void on(CredentialDeleted event) {
        jdbc.update("update qr_credential set pending_version = null, pending_hint = null where credential_id = ?",
                event.credentialId());
    }

    @EventHandler
    void on(SecretVersionRetired event, @SequenceNumber long version) {
        advance(event.credentialId(), version);
    }

    /** Any resolution, recorded in a stream (before issue 10) or by the journal: the setting's latest one wins. */
    @EventHandler
    void on(SecretResolved event, @Timestamp Instant at) {
        lastResolutions.resolved(event, at);
    }

    @ResetHandler
    void reset() {
        jdbc.update("delete from qr_consumer");
    }

    private void advance(String credentialId, long version) {
        jdbc.update("update qr_credential set " + ADVANCE_VERSION + " where credential_id = ?", version, version,
                credentialId);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
