package io.credreg.query.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.query.binding.BindingId;
import io.credreg.query.binding.BindingViewRepository;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
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
    void on(CredentialCreated event, @Timestamp Instant at) {
        credentials.insertIfAbsent(event.credentialId(), event.name(), event.provider(), event.secretHint(),
                event.secretVersion(), at);
    }

    @EventHandler
    void on(CredentialRenamed event, @Timestamp Instant at) {
        credentials.rename(event.credentialId(), event.newName(), at);
    }

    @EventHandler
    void on(CredentialSecretRotated event, @Timestamp Instant at) {
        credentials.rotate(event.credentialId(), event.secretHint(), event.secretVersion(), at);
    }

    @EventHandler
    void on(CredentialDeleted event, @Timestamp Instant at) {
        bindings.deleteAllOfCredential(event.credentialId());
        credentials.markDeleted(event.credentialId(), at);
    }

    @EventHandler
    void on(SettingBound event, @Timestamp Instant at) {
        BindingId binding = new BindingId(event.credentialId(), event.instanceId(), event.settingKey());
        int inserted = bindings.insertIfAbsent(binding, at);
        adjustBindingCount(event.credentialId(), inserted);
    }

    @EventHandler
    void on(SettingUnbound event) {
        int deleted = bindings.delete(new BindingId(event.credentialId(), event.instanceId(), event.settingKey()));
        adjustBindingCount(event.credentialId(), -deleted);
    }

    @ResetHandler
    void reset() {
        bindings.deleteAllBindings();
        credentials.deleteAllCredentials();
    }

    private void adjustBindingCount(String credentialId, int delta) {
        if (delta != 0) {
            credentials.addToBindingCount(credentialId, delta);
        }
    }
}
