package io.credreg.command.resolution;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.command.credential.CredentialDeletedException;
import io.credreg.command.credential.NoPendingVersionException;
import io.credreg.command.credential.SecretVersionNotFoundException;
import io.credreg.command.credential.SecretVersionRetiredException;
import io.credreg.command.staged.StagedSecretTable;
import io.credreg.command.credential.SettingNotBoundException;
import io.credreg.command.lookup.CommandLookups;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Answers which sealed secret a setting resolves to from the lookups alone, which are written in the transaction of
 * the events that change them: one statement reads the setting's credential, its current envelope and version and
 * the wrapped data key together, so every node answers what has committed, without loading the aggregate or taking
 * its lock. A setting whose credential was deleted answers 410 from the table, without replaying anything.
 */
@Component
public class ResolutionReader {

    private static final String CURRENT = "select s.credential_id, c.status, c.secret_version, c.data_key_id, c.nonce, "
            + "c.ciphertext, k.wrapped_key, c.envelope_format from setting_slot s "
            + "left join credential_secret c on c.credential_id = s.credential_id "
            + "left join data_key k on k.data_key_id = c.data_key_id "
            + "where s.instance_id = ? and s.setting_key = ?";

    private final JdbcTemplate jdbc;
    private final CommandLookups lookups;

    public ResolutionReader(JdbcTemplate jdbc, CommandLookups lookups) {
        this.jdbc = jdbc;
        this.lookups = lookups;
    }

    /** The sealed secret behind a bound setting; 404 if the setting is not bound, 410 if its credential is gone. */
    public SealedResolution read(SettingRef setting) {
        List<SealedResolution> found = jdbc.query(CURRENT, (row, n) -> {
            String status = row.getString(2);
            if (CredentialSecretTable.DELETED.equals(status)) {
                throw new CredentialDeletedException(row.getString(1));
            }
            if (status == null || row.getString(7) == null) {
                throw new IllegalStateException("the resolution state of credential " + row.getString(1)
                        + " is missing");
            }
            return new SealedResolution(row.getString(1), row.getInt(3),
                    new SecretEnvelope(row.getString(4), row.getString(5), row.getString(6),
                            row.getObject(8, Integer.class)), row.getString(7));
        }, setting.instanceId(), setting.settingKey());
        if (!found.isEmpty()) {
            return found.get(0);
        }
        throw lookups.deletedCredentialThatHeld(setting)
                .<RuntimeException>map(CredentialDeletedException::new)
                .orElseGet(() -> new SettingNotBoundException(setting));
    }

    private static final String OTHER_VERSION = "select v.secret_version, v.data_key_id, v.nonce, v.ciphertext, "
            + "k.wrapped_key, v.envelope_format, v.stage from secret_version_state v "
            + "join data_key k on k.data_key_id = v.data_key_id where v.credential_id = ? and ";

    /**
     * The sealed secret behind a bound setting at the version a consumer asks for (decision 0210): {@code pending}
     * (409 when there is none), or a number: the current version, the pending one, or the previous one during its
     * grace; 410 for an older one (retired), 404 for one that never was.
     */
    public SealedResolution read(SettingRef setting, String requested) {
        SealedResolution current = read(setting);
        if (requested == null || requested.equals(Integer.toString(current.secretVersion()))) {
            return current;
        }
        boolean pending = "pending".equals(requested);
        List<SealedResolution> found = pending
                ? jdbc.query(OTHER_VERSION + "v.stage = ?", (row, n) -> other(current, row),
                        current.credentialId(), StagedSecretTable.PENDING)
                : jdbc.query(OTHER_VERSION + "v.secret_version = ?", (row, n) -> other(current, row),
                        current.credentialId(), Integer.parseInt(requested));
        if (!found.isEmpty()) {
            return found.get(0);
        }
        if (pending) {
            throw new NoPendingVersionException(current.credentialId());
        }
        int version = Integer.parseInt(requested);
        if (version < current.secretVersion()) {
            throw new SecretVersionRetiredException(current.credentialId(), version, current.secretVersion());
        }
        throw new SecretVersionNotFoundException(current.credentialId(), version);
    }

    private static SealedResolution other(SealedResolution current, java.sql.ResultSet row)
            throws java.sql.SQLException {
        return new SealedResolution(current.credentialId(), row.getInt(1), new SecretEnvelope(row.getString(2),
                row.getString(3), row.getString(4), row.getObject(6, Integer.class)), row.getString(5));
    }

    /** A credential's current secret, still sealed; only {@link SecretResolutionController} opens it. */
    public record SealedResolution(String credentialId, int secretVersion, SecretEnvelope envelope,
                                   String wrappedDataKey) {

        @Override
        public String toString() {
            return "SealedResolution[" + credentialId + ", v" + secretVersion + "]";
        }
    }
}
