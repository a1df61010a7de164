package io.credreg.query.history;

import io.credreg.api.EventMetadata;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.SecretResolved;
import io.credreg.query.infrastructure.GlobalSequenceResolver;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

/**
 * Records every event of a credential, with who, when, why and what caused it. Append-only and keyed by the global
 * sequence, so events of different credentials may be projected in any order and a re-delivery is a no-op.
 */
@Component
@ProcessingGroup(HistoryProjection.PROCESSING_GROUP)
public class HistoryProjection {

    public static final String PROCESSING_GROUP = "credential-history";

    private final HistoryEntryRepository entries;
    private final GlobalSequenceResolver sequences;

    HistoryProjection(HistoryEntryRepository entries, GlobalSequenceResolver sequences) {
        this.entries = entries;
        this.sequences = sequences;
    }

    @EventHandler
    void on(CredentialCreated event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.version(event.credentialId(), event.secretVersion()));
    }

    @EventHandler
    void on(CredentialRenamed event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.credential(event.credentialId()));
    }

    @EventHandler
    void on(CredentialSecretRotated event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.version(event.credentialId(), event.secretVersion()));
    }

    @EventHandler
    void on(CredentialDeleted event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.credential(event.credentialId()));
    }

    /** Decision 0200: the restore names the secret version it brought back; its rebinds follow as binds. */
    @EventHandler
    void on(CredentialRestored event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.version(event.credentialId(), event.secretVersion()));
    }

    @EventHandler
    void on(CredentialPurged event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.credential(event.credentialId()));
    }

    @EventHandler
    void on(SettingBound event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.setting(event.credentialId(), event.instanceId(), event.settingKey(), null));
    }

    @EventHandler
    void on(SettingUnbound event, EventMessage<?> message, TrackingToken token) {
        String reason = event.reason() == null ? null : event.reason().name();
        record(message, token, Subject.setting(event.credentialId(), event.instanceId(), event.settingKey(), reason));
    }

    /** A consumer obtained the secret: who (the actor), when, for which setting and which version. */
    @EventHandler
    void on(SecretResolved event, EventMessage<?> message, TrackingToken token) {
        record(message, token, new Subject(event.credentialId(), null, event.instanceId(), event.settingKey(),
                event.secretVersion()));
    }

    @ResetHandler
    void reset() {
        entries.deleteAllEntries();
    }

    private void record(EventMessage<?> message, TrackingToken token, Subject subject) {
        HistoryRecord entry = new HistoryRecord(
                sequences.sequenceOf(message, token), subject.credentialId(),
                message.getPayloadType().getSimpleName(), message.getTimestamp(),
                metadata(message, EventMetadata.ACTOR), subject.reason(), subject.instanceId(),
                subject.settingKey(), subject.secretVersion(),
                metadata(message, EventMetadata.CORRELATION_ID), metadata(message, EventMetadata.CAUSATION_ID));
        if (ReplayToken.isReplay(token)) {
            entries.insertNew(entry); // the reset emptied the table: skip the lookup, one SELECT per event
        } else {
            entries.insertIfAbsent(entry);
        }
    }

    private static String metadata(EventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    /** What an event is about, beyond its envelope. */
    private record Subject(String credentialId, String reason, String instanceId, String settingKey,
                           Integer secretVersion) {

        static Subject credential(String credentialId) {
            return new Subject(credentialId, null, null, null, null);
        }

        static Subject version(String credentialId, int secretVersion) {
            return new Subject(credentialId, null, null, null, secretVersion);
        }

        static Subject setting(String credentialId, String instanceId, String settingKey, String reason) {
            return new Subject(credentialId, reason, instanceId, settingKey, null);
        }
    }
}
