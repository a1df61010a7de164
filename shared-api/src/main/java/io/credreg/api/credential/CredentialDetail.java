package io.credreg.api.credential;

import java.time.Instant;
import java.util.List;

/**
 * A credential with the settings that use it now. A deleted credential within its recovery window (decision 0200)
 * has {@code restorableUntil}; one whose window ended and whose data key is destroyed has {@code purgedAt}.
 * <p>
 * A credential with the settings that use it now. {@code version} is the sequence number of the last event of the
 * credential's stream the read model has projected; the query side sends it as the {@code ETag}, and a command's
 * {@code If-Match} names it (null only for a row projected before versions were kept, until a replay).
 */
public record CredentialDetail(String id, String name, String provider, String status, String secretHint,
                               int secretVersion, long bindingCount, Instant createdAt, Instant updatedAt,
                               Long version, List<Binding> bindings, Instant restorableUntil, Instant purgedAt) {

    public CredentialDetail(String id, String name, String provider, String status, String secretHint,
                            int secretVersion, long bindingCount, Instant createdAt, Instant updatedAt,
                            Long version, List<Binding> bindings) {
        this(id, name, provider, status, secretHint, secretVersion, bindingCount, createdAt, updatedAt, version,
                bindings, null, null);
    }

    public record Binding(String instanceId, String settingKey, Instant boundAt) {
    }
}
