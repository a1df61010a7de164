package io.credreg.command.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CreateCredential;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.DeleteCredential;
import io.credreg.api.credential.DeletionResult;
import io.credreg.api.credential.PurgeCredential;
import io.credreg.api.credential.ReadSecretVersion;
import io.credreg.api.credential.RenameCredential;
import io.credreg.api.credential.RestoreCredential;
import io.credreg.api.credential.RestoreResult;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.api.credential.RotateCredentialSecret;
import io.credreg.api.credential.SealedSecret;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.lookup.StaleLookupException;
import io.credreg.command.secret.DataKeyStore;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonCreator;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.credreg.api.EventMetadata.CAUSATION_ID;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A credential and every setting bound to it. Bindings live in the credential's own event stream, so a bind and a
 * deletion of the same credential are serialized by the stream's sequence numbers: a bind that loses the race to a
 * deletion is refused, and a deletion always sees, and unbinds, every binding that committed before it.
 * <p>
 * Snapshots (its fields, as Jackson writes them) hold nothing the events do not: the envelope is ciphertext and the
 * wrapped data key stays in its table, so destroying that key still shreds the secret.
 */
@Aggregate(cache = "credentialCache", commandTargetResolver = CredentialTargetResolver.BEAN_NAME,
        snapshotTriggerDefinition = "credentialSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class Credential {

    @AggregateIdentifier
    private String credentialId;
    private String name;
    private String provider;
    private String dataKeyId;
    private SecretEnvelope secret;
    private int secretVersion;
    private boolean deleted;
    private String deletionEventId;
    private Set<SettingRef> bindings = new LinkedHashSet<>(); // not final: a snapshot is read into it
    // the recovery window (decision 0200): until when a deletion can be undone, what it unbound, whether it ended
    private Instant restorableUntil;
    private List<SettingRef> unboundByDeletion = new ArrayList<>();
    private boolean purged;
    private String restoreEventId;

    @JsonCreator // a snapshot is read into fields, never through the command handler constructor
    protected Credential() {
        // required by Axon to rebuild the aggregate from its events
    }

    @CommandHandler
    public Credential(CreateCredential command, CommandLookups lookups, DataKeyStore keys) {
        SealedSecret secret = command.secret();
        if (!secret.boundTo(command.credentialId(), 1)) {
            throw new IllegalArgumentException("a new credential's secret must be sealed as version 1 of "
                    + command.credentialId() + ", not as " + secret);
        }
        lookups.requireSecretUnused(secret.fingerprint(), null);
        lookups.requireNameUnused(command.provider(), command.name(), null);
        keys.store(secret.dataKeyId(), command.credentialId(), secret.wrappedDataKey());
        lookups.claimSecret(secret.fingerprint(), command.credentialId());
        apply(new CredentialCreated(command.credentialId(), command.name(), command.provider(), secret.envelope(),
                null, secret.hint(), 1));
    }

    /** Answers the version the credential is at after the rename (the same as before, if the name is unchanged). */
    @CommandHandler
    public long handle(RenameCredential command, CommandLookups lookups, CredentialVersions versions) {
        requireActive();
        requireExpectedVersion(command.expectedVersion(), versions);
        if (name.equals(command.name())) {
            requireNameLookupAgrees(lookups);
            return versions.current(credentialId); // nothing appended: the store's, not a cached copy's, version
        }
        lookups.requireNameUnused(provider, command.name(), credentialId);
        apply(new CredentialRenamed(credentialId, provider, name, command.name()));
        return AggregateLifecycle.getVersion();
    }

    /** The version a new secret is to be sealed for is the one after this. */
    @CommandHandler
    public int handle(ReadSecretVersion command) {
        requireActive();
        return secretVersion;
    }

    /** Answers the new secret version and the version of the credential's stream. */
    @CommandHandler
    public Versioned<Integer> handle(RotateCredentialSecret command, CommandLookups lookups, DataKeyStore keys,
                                     CredentialVersions versions) {
        requireActive();
        requireExpectedVersion(command.expectedVersion(), versions);
        SealedSecret secret = command.secret();
        if (!secret.boundTo(credentialId, secretVersion + 1)) {
            throw new SecretVersionMovedException(credentialId, secret.secretVersion(), secretVersion);
        }
        lookups.requireSecretUnused(secret.fingerprint(), null);
        keys.store(secret.dataKeyId(), credentialId, secret.wrappedDataKey());
        keys.destroy(dataKeyId);
        lookups.claimSecret(secret.fingerprint(), credentialId);
        apply(new CredentialSecretRotated(credentialId, secret.envelope(), null, secret.hint(), secretVersion + 1,
                dataKeyId));
        return new Versioned<>(secretVersion, AggregateLifecycle.getVersion());
    }

    /**
     * Deletes the credential and destroys its data key, then undoes every binding with a compensating unbind that
     * names the deletion event as its cause.
     */
    @CommandHandler
    public Versioned<DeletionResult> handle(DeleteCredential command, DataKeyStore keys, CredentialVersions versions) {
        requireActive();
        requireExpectedVersion(command.expectedVersion(), versions);
        List<SettingRef> unbound = List.copyOf(bindings);
        Instant window = command.restorableUntil();
        if (window == null) {
            keys.destroyAllOf(credentialId);
        } else if (!window.isAfter(now())) {
            throw new IllegalArgumentException("a recovery window must end in the future, not at " + window);
        }
        apply(new CredentialDeleted(credentialId, name, provider, null, window == null ? dataKeyId : null,
                unbound.size(), window));
        MetaData causedByDeletion = MetaData.with(CAUSATION_ID, deletionEventId);
        for (SettingRef setting : unbound) {
            apply(new SettingUnbound(credentialId, setting.instanceId(), setting.settingKey(),
                    UnbindReason.CREDENTIAL_DELETED), causedByDeletion);
        }
        return new Versioned<>(new DeletionResult(credentialId, unbound), AggregateLifecycle.getVersion());
    }

    /**
     * Undoes a deletion within its recovery window: the credential is active again with the secret it had, and every
     * setting the deletion unbound that is still free (no other credential holds it, its instance was not removed) is
     * bound again by a compensating bind that names the restore as its cause (decision 0200).
     */
    @CommandHandler
    public Versioned<RestoreResult> handle(RestoreCredential command, CommandLookups lookups,
                                           CredentialVersions versions) {
        requireRestorable();
        requireExpectedVersion(command.expectedVersion(), versions);
        List<SettingRef> rebound = new ArrayList<>();
        List<SettingRef> notRebound = new ArrayList<>();
        for (SettingRef setting : unboundByDeletion) {
            boolean free = lookups.credentialHolding(setting).isEmpty() && !lookups.instanceRemoved(setting.instanceId());
            (free ? rebound : notRebound).add(setting);
        }
        apply(new CredentialRestored(credentialId, name, provider, secret, secretVersion, rebound, notRebound));
        MetaData causedByRestore = MetaData.with(CAUSATION_ID, restoreEventId);
        for (SettingRef setting : rebound) {
            apply(new SettingBound(credentialId, setting.instanceId(), setting.settingKey(), provider, null),
                    causedByRestore);
        }
        return new Versioned<>(new RestoreResult(credentialId, rebound, notRebound), AggregateLifecycle.getVersion());
    }

    /**
     * Ends a recovery window that has run out: the data key is destroyed in the transaction that appends the event, so
     * the secret is gone exactly when the purge is recorded. Accepted once; every later purge is refused.
     */
    @CommandHandler
    public void handle(PurgeCredential command, DataKeyStore keys) {
        if (!deleted) {
            throw new CredentialNotDeletedException(credentialId);
        }
        if (restorableUntil == null || purged) {
            throw new CredentialDeletedException(credentialId); // shredded at deletion, or purged already
        }
        if (now().isBefore(restorableUntil)) {
            throw new RecoveryWindowOpenException(credentialId, restorableUntil);
        }
        keys.destroyAllOf(credentialId);
        apply(new CredentialPurged(credentialId, name, provider, dataKeyId));
    }

    private void requireRestorable() {
        if (!deleted) {
            throw new CredentialNotDeletedException(credentialId);
        }
        if (restorableUntil == null || purged || !now().isBefore(restorableUntil)) {
            throw new RecoveryWindowClosedException(credentialId, restorableUntil);
        }
    }

    /** The clock events are stamped with (a test fixture sets it). */
    private static Instant now() {
        return GenericEventMessage.clock.instant();
    }

    private void requireExpectedVersion(Long expected, CredentialVersions versions) {
        CredentialVersions.require(versions, credentialId, expected);
    }

    /**
     * A no-op appends nothing, so no append can fail on a cached copy that fell behind another process's rename. The
     * lookup is written with the events, so it is exact: if it does not name this credential, the cache is stale and
     * the retry (after the rollback evicted it) decides on fresh state.
     */
    private void requireNameLookupAgrees(CommandLookups lookups) {
        if (!lookups.holdsName(provider, name, credentialId)) {
            throw new StaleLookupException("credential " + credentialId + " is named '" + name
                    + "' by its cached state, but the lookup disagrees");
        }
    }

    /** Binds a setting to this credential; {@code replacedCredentialId} names what the setting held before. */
    public boolean bind(SettingRef setting, String replacedCredentialId) {
        requireBindable(setting);
        if (bindings.contains(setting)) {
            return false;
        }
        apply(new SettingBound(credentialId, setting.instanceId(), setting.settingKey(), provider,
                replacedCredentialId));
        return true;
    }

    /** Only an active credential of the setting's provider can fill a setting. */
    public void requireBindable(SettingRef setting) {
        requireActive();
        if (!provider.equals(setting.provider())) {
            throw new ProviderMismatchException(credentialId, provider, setting);
        }
    }

    public void unbind(SettingRef setting, UnbindReason reason) {
        if (!bindings.contains(setting)) {
            throw new SettingNotBoundException(setting);
        }
        apply(new SettingUnbound(credentialId, setting.instanceId(), setting.settingKey(), reason));
    }

    int bindingCount() {
        return bindings.size();
    }

    public boolean isBoundTo(SettingRef setting) {
        return bindings.contains(setting);
    }

    public void requireActive() {
        if (deleted) {
            throw new CredentialDeletedException(credentialId);
        }
    }

    @EventSourcingHandler
    void on(CredentialCreated event) {
        credentialId = event.credentialId();
        name = event.name();
        provider = event.provider();
        dataKeyId = event.secret().dataKeyId();
        secret = event.secret();
        secretVersion = event.secretVersion();
    }

    @EventSourcingHandler
    void on(CredentialRenamed event) {
        name = event.newName();
    }

    @EventSourcingHandler
    void on(CredentialSecretRotated event) {
        dataKeyId = event.secret().dataKeyId();
        secret = event.secret();
        secretVersion = event.secretVersion();
    }

    @EventSourcingHandler
    void on(CredentialDeleted event, @MessageIdentifier String eventId) {
        deleted = true;
        deletionEventId = eventId;
        restorableUntil = event.restorableUntil();
        unboundByDeletion = new ArrayList<>(bindings); // the cascade's unbinds follow this event
    }

    @EventSourcingHandler
    void on(CredentialRestored event, @MessageIdentifier String eventId) {
        deleted = false;
        restorableUntil = null;
        unboundByDeletion = new ArrayList<>();
        restoreEventId = eventId;
    }

    @EventSourcingHandler
    void on(CredentialPurged event) {
        purged = true;
        unboundByDeletion = new ArrayList<>();
    }

    @EventSourcingHandler
    void on(SettingBound event) {
        bindings.add(new SettingRef(event.instanceId(), event.settingKey()));
    }

    @EventSourcingHandler
    void on(SettingUnbound event) {
        bindings.remove(new SettingRef(event.instanceId(), event.settingKey()));
    }

    @Override
    public String toString() {
        return "Credential[" + credentialId + ", " + provider + "/" + name + ", v" + secretVersion
                + (deleted ? ", deleted" : "") + (restorableUntil != null ? " until " + restorableUntil : "") + ", " + bindings.size() + " bindings]";
    }
}
