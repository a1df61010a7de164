package io.credreg.api.timetravel;

import io.credreg.api.credential.CredentialDetail;

import java.time.Instant;
import java.util.List;

/**
 * A credential as it was at {@code asOf}: the shape of {@link CredentialDetail}, computed from the credential's own
 * event stream up to and including that instant, plus the instant asked about. {@code restorableUntil} and
 * {@code purgedAt} as in {@link CredentialDetail} (decision 0200).
 */
public record CredentialAsOf(String id, String name, String provider, String status, String secretHint,
                             int secretVersion, long bindingCount, Instant createdAt, Instant updatedAt,
                             List<CredentialDetail.Binding> bindings, Instant asOf, Instant restorableUntil,
                             Instant purgedAt) {

    public CredentialAsOf(String id, String name, String provider, String status, String secretHint,
                          int secretVersion, long bindingCount, Instant createdAt, Instant updatedAt,
                          List<CredentialDetail.Binding> bindings, Instant asOf) {
        this(id, name, provider, status, secretHint, secretVersion, bindingCount, createdAt, updatedAt, bindings,
                asOf, null, null);
    }
}
