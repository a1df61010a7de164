package io.credreg.query.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.SecretResolved;
import io.credreg.api.binding.UnbindReason;
import io.credreg.query.binding.BindingId;
import io.credreg.query.binding.BindingViewRepository;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Projects credentials and their current bindings. Both tables live in one processing group so that a credential's
 * binding count and its binding rows always change in the same transaction.
 * <p>
 * Every change is a plain SQL statement (no entity is ever managed and flushed later), and every handler is
 * idempotent: inserts skip existing rows, and the binding count only moves when a binding row was really inserted
 * or deleted. A deletion removes all bindings of the credential in one statement, so the
 * compensating unbinds that follow it (thousands for a hot credential) each cost one delete that finds nothing.
 * <p>
 * The row keeps the credential's version, the sequence number of the last event of its stream (decision 0130): every
 * event of the stream moves it, including bindings. A deletion knows how many compensating unbinds follow it, so it
 * sets the version after them at once, and the unbinds of its cascade write nothing more.
 */
@Component
@ProcessingGroup(CredentialProjection.PROCESSING_GROUP)
public class CredentialProjection {

    public static final String PROCESSING_GROUP = "credentials";

    private final CredentialViewRepository credentials;
    private final BindingViewRepository bindings;

    CredentialProjection(CredentialViewRepository credentials, BindingViewRepository bindings) {
        this.credentials = credentials;
        this.bindings = bindings;
    }

    @EventHandler
    void on(CredentialCreated event, @Timestamp Instant at, @SequenceNumber long version) {
        credentials.insertIfAbsent(event.credentialId(), event.name(), event.provider(), event.secretHint(),
                event.secretVersion(), at, version);
    }

    @EventHandler
    void on(CredentialRenamed event, @Timestamp Instant at, @SequenceNumber long version) {
        credentials.rename(event.credentialId(), event.newName(), at, version);
    }

    @EventHandler
    void on(CredentialSecretRotated event, @Timestamp Instant at, @SequenceNumber long version) {
        credentials.rotate(event.credentialId(), event.secretHint(), event.secretVersion(), at, version);
    }

    /** The {@code bindingCount} unbinds of the cascade follow the deletion in its stream. */
    @EventHandler
    void on(CredentialDeleted event, @Timestamp Instant at, @SequenceNumber long version) {
        bindings.deleteAllOfCredential(event.credentialId());
        credentials.markDeleted(event.credentialId(), at, version + event.bindingCount());
        if (event.restorable()) {
            credentials.markRestorable(event.credentialId(), event.restorableUntil());
        }
    }

    /** The rebinds the restore caused follow it in its stream, as ordinary binds. */
    @EventHandler
    void on(CredentialRestored event, @Timestamp Instant at, @SequenceNumber long version) {
        credentials.markRestored(event.credentialId(), at, version);
    }

    @EventHandler
    void on(CredentialPurged event, @Timestamp Instant at, @SequenceNumber long version) {
        credentials.markPurged(event.credentialId(), at, version);
    }

    @EventHandler
    void on(SettingBound event, @Timestamp Instant at, @SequenceNumber long version) {
        BindingId binding = new BindingId(event.credentialId(), event.instanceId(), event.settingKey());
        int inserted = bindings.insertIfAbsent(binding, at);
        credentials.addToBindingCount(event.credentialId(), inserted, version);
    }

    @EventHandler
    void on(SettingUnbound event, @SequenceNumber long version) {
        int deleted = bindings.delete(new BindingId(event.credentialId(), event.instanceId(), event.settingKey()));
        // the deletion set the version after its cascade, whose unbinds find no row left: nothing to write then
        if (deleted != 0 || event.reason() != UnbindReason.CREDENTIAL_DELETED) {
            credentials.addToBindingCount(event.credentialId(), -deleted, version);
        }
    }

    /**
     * Resolutions recorded in a credential's stream before issue 10 still take a sequence number there; one recorded
     * since is no event of the stream (no sequence number), so this handler does not match it.
     */
    @EventHandler
    void on(SecretResolved event, @SequenceNumber long version) {
        credentials.advanceVersion(event.credentialId(), version);
    }

    @ResetHandler
    void reset() {
        bindings.deleteAllBindings();
        credentials.deleteAllCredentials();
    }
}
