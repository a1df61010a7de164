package io.credreg.command.lookup;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.command.secret.FingerprintKeyStore;
import io.credreg.command.validation.Names;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The set-wide facts that no single aggregate can know: which credential holds a secret, a name, a setting. The
 * tables are written by a subscribing processor, so in the very transaction that appends the events; their primary
 * keys turn a race between two commands into a constraint violation that rolls one of them back for a retry.
 */
@Component
@ProcessingGroup(CommandLookups.PROCESSING_GROUP)
public class CommandLookups {

    public static final String PROCESSING_GROUP = "command-lookups";

    private final JdbcTemplate jdbc;

    public CommandLookups(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A secret held by a credential deleted with a recovery window is still taken (decision 0200): the refusal points
     * at the restore of that credential instead.
     */
    public void requireSecretUnused(String fingerprint, String exceptCredentialId) {
        single("select credential_id from secret_fingerprint where fingerprint = ?", fingerprint)
                .filter(holder -> !holder.equals(exceptCredentialId))
                .ifPresent(holder -> {
                    throw restorableUntil(holder)
                            .map(until -> DuplicateSecretException.heldInRecoveryWindow(holder, until))
                            .orElseGet(() -> new DuplicateSecretException(holder));
                });
    }

    /** Until when a deleted credential can be restored; empty for any credential not in its recovery window. */
    public Optional<Instant> restorableUntil(String credentialId) {
        return jdbc.queryForList("select purge_at from pending_purge where credential_id = ?", Timestamp.class,
                credentialId).stream().findFirst().map(Timestamp::toInstant);
    }

    /** The credentials whose recovery window ended by {@code now}, earliest first, at most {@code limit}. */
    public List<String> purgesDue(Instant now, int limit) {
        return jdbc.queryForList("select credential_id from pending_purge where purge_at <= ? order by purge_at",
                String.class, Timestamp.from(now)).stream().limit(limit).toList();
    }

    /** True when the instance was removed and nothing has been bound to it since. */
    public boolean instanceRemoved(String instanceId) {
        return single("select instance_id from removed_instance where instance_id = ?", instanceId).isPresent();
    }

    /**
     * Records that {@code credentialId} holds the secret with this fingerprint, in place of the one it held. The
     * fingerprint lives here only, never in an event, so deleting the row (with the credential) leaves nothing that
     * could confirm a guess of the secret. The primary key turns a race for one secret into a retry.
     */
    public void claimSecret(String fingerprint, String credentialId) {
        jdbc.update("delete from secret_fingerprint where credential_id = ?", credentialId);
        jdbc.update("insert into secret_fingerprint (fingerprint, credential_id, key_name) values (?, ?, ?)",
                fingerprint, credentialId, FingerprintKeyStore.NAME);
    }

    /** A name is taken when another credential's name is equal to it or only looks the same (its skeleton). */
    public void requireNameUnused(String provider, String name, String exceptCredentialId) {
        jdbc.queryForList("select credential_id from credential_name where provider = ? "
                        + "and (name_key = ? or name_skeleton = ?)", String.class, provider, nameKey(name),
                        Names.skeletonKey(name)).stream()
                .filter(holder -> !holder.equals(exceptCredentialId)).findFirst()
                .ifPresent(holder -> {
                    throw new DuplicateNameException(provider, name, holder);
                });
    }

    public boolean holdsName(String provider, String name, String credentialId) {
        return single("select credential_id from credential_name where provider = ? and name_key = ?", provider,
                nameKey(name)).filter(credentialId::equals).isPresent();
    }

    public Optional<String> credentialHolding(SettingRef setting) {
        return single("select credential_id from setting_slot where instance_id = ? and setting_key = ?",
                setting.instanceId(), setting.settingKey());
    }

    /**
     * The credential that held the setting when it was deleted, as long as the setting has not been bound again:
     * resolving such a setting answers 410 (its credential is gone) instead of 404 (never bound).
     */
    public Optional<String> deletedCredentialThatHeld(SettingRef setting) {
        return single("select credential_id from deleted_setting_holder where instance_id = ? and setting_key = ?",
                setting.instanceId(), setting.settingKey());
    }

    /**
     * True when the credential's deletion has committed, read from {@code credential_secret} (written in the
     * deletion's transaction), so a command addressed to a deleted credential is refused without loading its stream.
     * False for a credential deleted before that table existed (it has no row): the aggregate refuses it instead.
     */
    public boolean isDeleted(String credentialId) {
        return single("select credential_id from credential_secret where credential_id = ? and status = 'DELETED'",
                credentialId).isPresent();
    }

    /** The settings of one instance and the credential each holds, in key order. */
    public Map<SettingRef, String> settingsOf(String instanceId) {
        Map<SettingRef, String> settings = new LinkedHashMap<>();
        jdbc.query("select setting_key, credential_id from setting_slot where instance_id = ? order by setting_key",
                row -> {
                    settings.put(new SettingRef(instanceId, row.getString(1)), row.getString(2));
                }, instanceId);
        return settings;
    }

    @EventHandler
    void on(CredentialCreated event) {
        insertName(event.provider(), event.name(), event.credentialId());
    }

    @EventHandler
    void on(CredentialRenamed event) {
        jdbc.update("delete from credential_name where credential_id = ?", event.credentialId());
        insertName(event.provider(), event.newName(), event.credentialId());
    }

    /**
     * A deleted credential frees its secret, its name and, in one statement, every setting it held; which settings
     * those were is kept, so that resolving one answers 410 until it is bound again.
     */
    @EventHandler
    void on(CredentialDeleted event) {
        if (event.restorable()) {
            // the secret and the name stay taken while the credential can be restored; the purge frees them
            jdbc.update("insert into pending_purge (credential_id, purge_at) values (?, ?)", event.credentialId(),
                    Timestamp.from(event.restorableUntil()));
        } else {
            releaseSecretAndName(event.credentialId());
        }
        jdbc.update("insert into deleted_setting_holder (instance_id, setting_key, credential_id) "
                + "select instance_id, setting_key, credential_id from setting_slot where credential_id = ?",
                event.credentialId());
        jdbc.update("delete from setting_slot where credential_id = ?", event.credentialId());
    }

    /**
     * A restored credential no longer answers for the settings its deletion unbound: those it binds again follow as
     * {@link SettingBound}s, the others (their instance removed) must not answer 410 for a credential that is back.
     */
    @EventHandler
    void on(CredentialRestored event) {
        jdbc.update("delete from pending_purge where credential_id = ?", event.credentialId());
        jdbc.update("delete from deleted_setting_holder where credential_id = ?", event.credentialId());
    }

    @EventHandler
    void on(CredentialPurged event) {
        jdbc.update("delete from pending_purge where credential_id = ?", event.credentialId());
        releaseSecretAndName(event.credentialId());
    }

    private void releaseSecretAndName(String credentialId) {
        jdbc.update("delete from secret_fingerprint where credential_id = ?", credentialId);
        jdbc.update("delete from credential_name where credential_id = ?", credentialId);
    }

    @EventHandler
    void on(SettingBound event) {
        jdbc.update("delete from removed_instance where instance_id = ?", event.instanceId());
        jdbc.update("delete from deleted_setting_holder where instance_id = ? and setting_key = ?",
                event.instanceId(), event.settingKey());
        if (event.replacedCredentialId() == null) {
            jdbc.update("insert into setting_slot (instance_id, setting_key, credential_id) values (?, ?, ?)",
                    event.instanceId(), event.settingKey(), event.credentialId());
            return;
        }
        int moved = jdbc.update("update setting_slot set credential_id = ? "
                        + "where instance_id = ? and setting_key = ? and credential_id = ?",
                event.credentialId(), event.instanceId(), event.settingKey(), event.replacedCredentialId());
        if (moved != 1) {
            throw new StaleLookupException("setting " + event.settingKey() + " of " + event.instanceId()
                    + " no longer holds " + event.replacedCredentialId());
        }
    }

    @EventHandler
    void on(SettingUnbound event) {
        if (event.reason() == UnbindReason.INSTANCE_REMOVED) {
            // remembered so that a restore does not bind a setting of a removed instance again (decision 0200)
            if (!instanceRemoved(event.instanceId())) { // once per removal: it unbinds every setting of the instance
                jdbc.update("insert into removed_instance (instance_id) values (?)", event.instanceId());
            }
        }
        if (event.reason() == UnbindReason.REPLACED || event.reason() == UnbindReason.CREDENTIAL_DELETED) {
            return; // the SettingBound that follows moves the slot; a deletion has already freed them all
        }
        int freed = jdbc.update("delete from setting_slot where instance_id = ? and setting_key = ? and credential_id = ?",
                event.instanceId(), event.settingKey(), event.credentialId());
        if (freed != 1) {
            throw new StaleLookupException("setting " + event.settingKey() + " of " + event.instanceId()
                    + " no longer holds " + event.credentialId());
        }
    }

    private void insertName(String provider, String name, String credentialId) {
        jdbc.update("insert into credential_name (provider, name_key, name_skeleton, credential_id) "
                + "values (?, ?, ?, ?)", provider, nameKey(name), Names.skeletonKey(name), credentialId);
    }

    private Optional<String> single(String sql, Object... args) {
        List<String> found = jdbc.queryForList(sql, String.class, args);
        return found.stream().findFirst();
    }

    /** How names are compared: without surrounding blanks and regardless of case. */
    public static String nameKey(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
