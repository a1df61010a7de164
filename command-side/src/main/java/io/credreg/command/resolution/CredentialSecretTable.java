package io.credreg.command.resolution;

import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.lookup.StaleLookupException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code credential_secret}, the current sealed secret and version of every credential, in the lookup
 * processor's group: written in the very transaction that appends the credential's events, so a resolution on any
 * node reads what has committed, never a cached aggregate. A deletion keeps the row without its ciphertext.
 */
@Component
@ProcessingGroup(CommandLookups.PROCESSING_GROUP)
public class CredentialSecretTable {

    static final String ACTIVE = "ACTIVE";
    static final String DELETED = "DELETED";

    private final JdbcTemplate jdbc;

    public CredentialSecretTable(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CredentialCreated event) {
        SecretEnvelope secret = event.secret();
        jdbc.update("insert into credential_secret (credential_id, status, secret_version, data_key_id, nonce, "
                        + "ciphertext, envelope_format) values (?, ?, ?, ?, ?, ?, ?)", event.credentialId(), ACTIVE,
                event.secretVersion(), secret.dataKeyId(), secret.nonce(), secret.ciphertext(), secret.format());
    }

    @EventHandler
    void on(CredentialSecretRotated event) {
        SecretEnvelope secret = event.secret();
        int updated = jdbc.update("update credential_secret set secret_version = ?, data_key_id = ?, nonce = ?, "
                        + "ciphertext = ?, envelope_format = ? where credential_id = ? and status = ?",
                event.secretVersion(), secret.dataKeyId(), secret.nonce(), secret.ciphertext(), secret.format(),
                event.credentialId(), ACTIVE);
        requireOne(updated, event.credentialId());
    }

    @EventHandler
    void on(CredentialDeleted event) {
        int updated = jdbc.update("update credential_secret set status = ?, data_key_id = null, nonce = null, "
                + "ciphertext = null, envelope_format = null where credential_id = ? and status = ?", DELETED, event.credentialId(), ACTIVE);
        requireOne(updated, event.credentialId());
    }

    /** A restored credential resolves again, to the secret it had when it was deleted (decision 0200). */
    @EventHandler
    void on(CredentialRestored event) {
        SecretEnvelope secret = event.secret();
        int updated = jdbc.update("update credential_secret set status = ?, secret_version = ?, data_key_id = ?, "
                        + "nonce = ?, ciphertext = ?, envelope_format = ? where credential_id = ? and status = ?",
                ACTIVE, event.secretVersion(), secret.dataKeyId(), secret.nonce(), secret.ciphertext(),
                secret.format(), event.credentialId(), DELETED);
        requireOne(updated, event.credentialId());
    }

    boolean holds(String credentialId) {
        return !jdbc.queryForList("select credential_id from credential_secret where credential_id = ?",
                String.class, credentialId).isEmpty();
    }

    private static void requireOne(int updated, String credentialId) {
        if (updated != 1) {
            throw new StaleLookupException("the current secret of credential " + credentialId
                    + " is not the active one its events change");
        }
    }
}
