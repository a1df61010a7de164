package io.credreg.query.audit;

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
import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.query.infrastructure.GlobalSequenceResolver;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;

/**
 * The audit log: one entry per event (credentials, bindings, secret resolutions, API tokens), keyed by the global sequence, with the credential's name and provider as
 * they were at the time, so that the log still reads right after a rename or a deletion. Events of one credential
 * are handled in order by one segment, which is what keeps {@code qr_audit_credential} current for its entries.
 * Pages are cut at {@link AuditWatermark}, never at what one segment happens to have reached.
 */
@Component
@ProcessingGroup(AuditProjection.PROCESSING_GROUP)
public class AuditProjection {

    public static final String PROCESSING_GROUP = "audit";

    private final AuditWriter writer;
    private final GlobalSequenceResolver sequences;

    AuditProjection(AuditWriter writer, GlobalSequenceResolver sequences) {
        this.writer = writer;
        this.sequences = sequences;
    }

    @EventHandler
    void on(CredentialCreated event, EventMessage<?> message, TrackingToken token) {
        writer.remember(event.credentialId(), event.name(), event.provider());
        record(message, token, Subject.of(event.credentialId(), event.name(), event.provider())
                .version(event.secretVersion()));
    }

    @EventHandler
    void on(CredentialRenamed event, EventMessage<?> message, TrackingToken token) {
        writer.remember(event.credentialId(), event.newName(), event.provider());
        record(message, token, Subject.of(event.credentialId(), event.newName(), event.provider())
                .renamedFrom(event.previousName()));
    }

    @EventHandler
    void on(CredentialSecretRotated event, EventMessage<?> message, TrackingToken token) {
        record(message, token, known(event.credentialId()).version(event.secretVersion()));
    }

    @EventHandler
    void on(CredentialDeleted event, EventMessage<?> message, TrackingToken token) {
        // the name stays known: the cascade's unbinds follow and are about this credential
        Subject subject = Subject.of(event.credentialId(), event.name(), event.provider());
        record(message, token, event.restorable() ? subject.because(RESTORABLE) : subject);
    }

    /** The reason of a deletion that keeps the credential restorable for a recovery window (decision 0200). */
    static final String RESTORABLE = "RESTORABLE";

    @EventHandler
    void on(CredentialRestored event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.of(event.credentialId(), event.name(), event.provider())
                .version(event.secretVersion()));
    }

    @EventHandler
    void on(CredentialPurged event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.of(event.credentialId(), event.name(), event.provider()));
    }

    @EventHandler
    void on(SettingBound event, EventMessage<?> message, TrackingToken token) {
        record(message, token, known(event.credentialId()).setting(event.instanceId(), event.settingKey(), null));
    }

    @EventHandler
    void on(SettingUnbound event, EventMessage<?> message, TrackingToken token) {
        String reason = event.reason() == null ? null : event.reason().name();
        record(message, token, known(event.credentialId()).setting(event.instanceId(), event.settingKey(), reason));
    }

    /**
     * A resolution: since issue 10 a non-aggregate event; like every event it names the token that asked in its
     * metadata (actor, actor token id and role), the ones still in credential streams only by name. The processor's
     * sequencing policy hands both to the segment of their credential, so the name known for it is current.
     */
    @EventHandler
    void on(SecretResolved event, EventMessage<?> message, TrackingToken token) {
        record(message, token, known(event.credentialId()).setting(event.instanceId(), event.settingKey(), null)
                .version(event.secretVersion()));
    }

    @EventHandler
    void on(ApiTokenIssued event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.token(event.tokenId(), event.name(), event.role().name(), event.instanceId()));
    }

    @EventHandler
    void on(ApiTokenRevoked event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.token(event.tokenId(), event.name(), null, null).because(event.reason()));
    }

    /** The reason of a replaced token's entry (the column holds a short code; the successor is in the history). */
    static final String REPLACED_TOKEN = "REPLACED_BY_SUCCESSOR";

    @EventHandler
    void on(ApiTokenReplaced event, EventMessage<?> message, TrackingToken token) {
        record(message, token, Subject.token(event.tokenId(), event.name(), null, null).because(REPLACED_TOKEN));
    }

    /**
     * The simple names of the event types this projection records, read from its handlers, so that the audit
     * {@code type} filter cannot fall behind a new handler.
     */
    static List<String> recordedTypes() {
        return Arrays.stream(AuditProjection.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .map(method -> method.getParameterTypes()[0].getSimpleName())
                .sorted().toList();
    }

    @ResetHandler
    void reset() {
        writer.deleteAll();
    }

    private Subject known(String credentialId) {
        return writer.credential(credentialId)
                .map(credential -> Subject.of(credentialId, credential.name(), credential.provider()))
                .orElseGet(() -> Subject.of(credentialId, null, null));
    }

    private void record(EventMessage<?> message, TrackingToken token, Subject subject) {
        AuditRecord entry = new AuditRecord(sequences.sequenceOf(message, token),
                message.getPayloadType().getSimpleName(), message.getTimestamp(),
                metadata(message, EventMetadata.ACTOR), subject.reason(), subject.credentialId(),
                subject.name(), subject.provider(), subject.previousName(), subject.instanceId(),
                subject.settingKey(), subject.secretVersion(),
                metadata(message, EventMetadata.CORRELATION_ID), metadata(message, EventMetadata.CAUSATION_ID),
                subject.tokenId(), subject.tokenName(), subject.tokenRole(),
                metadata(message, EventMetadata.ACTOR_TOKEN_ID), metadata(message, EventMetadata.ACTOR_ROLE));
        if (ReplayToken.isReplay(token)) {
            writer.insertNew(entry); // the reset emptied the table: skip the lookup
        } else {
            writer.insertIfAbsent(entry);
        }
    }

    private static String metadata(EventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    /** What an event is about, beyond its envelope. */
    private record Subject(String credentialId, String name, String provider, String previousName,
                           String instanceId, String settingKey, String reason, Integer secretVersion,
                           String tokenId, String tokenName, String tokenRole) {

        static Subject of(String credentialId, String name, String provider) {
            return new Subject(credentialId, name, provider, null, null, null, null, null, null, null, null);
        }

        /** An API token's event: no credential; the instance is the one an instance token is bound to. */
        static Subject token(String tokenId, String tokenName, String role, String instanceId) {
            return new Subject(null, null, null, null, instanceId, null, null, null, tokenId, tokenName, role);
        }

        Subject because(String why) {
            return new Subject(credentialId, name, provider, previousName, instanceId, settingKey, why, secretVersion,
                    tokenId, tokenName, tokenRole);
        }

        Subject version(int version) {
            return new Subject(credentialId, name, provider, previousName, instanceId, settingKey, reason, version,
                    tokenId, tokenName, tokenRole);
        }

        Subject renamedFrom(String previous) {
            return new Subject(credentialId, name, provider, previous, instanceId, settingKey, reason,
                    secretVersion, tokenId, tokenName, tokenRole);
        }

        Subject setting(String instance, String setting, String why) {
            return new Subject(credentialId, name, provider, previousName, instance, setting, why, secretVersion,
                    tokenId, tokenName, tokenRole);
        }
    }
}
