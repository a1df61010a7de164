package io.credreg.api.credential;

import java.time.Instant;
import java.util.List;

/** A credential with the settings that use it now. */
public record CredentialDetail(String id, String name, String provider, String status, String secretHint,
                               int secretVersion, long bindingCount, Instant createdAt, Instant updatedAt,
                               List<Binding> bindings) {

    public record Binding(String instanceId, String settingKey, Instant boundAt) {
    }
}
