package io.credreg.api.credential;

import java.time.Instant;

/** A credential as lists show it: masked, never the secret. */
public record CredentialSummary(String id, String name, String provider, String status, String secretHint,
                                int secretVersion, long bindingCount, Instant createdAt, Instant updatedAt) {
}
