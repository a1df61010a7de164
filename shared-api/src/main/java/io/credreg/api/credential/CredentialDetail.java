package io.credreg.api.credential;

import java.time.Instant;
import java.util.List;

/**
 * A credential with the settings that use it now. A deleted credential within its recovery window (decision 0200)
 * has {@code restorableUntil}; one whose window ended and whose data key is destroyed has {@code purgedAt}. A staged
 * secret version waiting for its promotion (decision 0210) is {@code pendingVersion}, with its {@code pendingHint}.
 * <p>
 * {@code version} is the sequence number of the last event of the
 * credential's stream the read model has projected; the query side sends it as the {@code ETag}, and a command's
 * {@code If-Match} names it (null only for a row projected before versions were kept, until a replay).
 */
public record CredentialDetail(String id, String name, String provider, String status, String secretHint,
                               int secretVersion, long bindingCount, Instant createdAt, Instant updatedAt,
                               Long version, List<Binding> bindings, Instant restorableUntil, Instant purgedAt,
                               Integer pendingVersion, String pendingHint) {

    public CredentialDetail(String id, String name, String provider, String status, String secretHint,
                            int secretVersion, long bindingCount, Instant createdAt, Instant updatedAt,
                            Long version, List<Binding> bindings, Instant restorableUntil, Instant purgedAt) {
        this(id, name, provider, status, secretHint, secretVersion, bindingCount, createdAt, updatedAt, version,
                bindings, restorableUntil, purgedAt, null, null);
    }

    public CredentialDetail(String id, String name, String provider, String status, String secretHint,
                            int secretVersion, long bindingCount, Instant createdAt, Instant updatedAt,
                            Long version, List<Binding> bindings) {
        this(id, name, provider, status, secretHint, secretVersion, bindingCount, createdAt, updatedAt, version,
                bindings, (Instant) null, (Instant) null);
    }

    /**
     * A setting bound to the credential, and the secret version its consumer last resolved through it and when
     * (null until it has; decision 0210), so that an admin sees who still uses an old key.
     */
    public record Binding(String instanceId, String settingKey, Instant boundAt, Integer lastResolvedVersion,
                          Instant lastResolvedAt) {

        public Binding(String instanceId, String settingKey, Instant boundAt) {
            this(instanceId, settingKey, boundAt, null, null);
        }
    }
}
