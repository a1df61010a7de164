package io.credreg.query.credential;

import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialSummary;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/**
 * A credential as the query side shows it; only the masked hint of the secret is ever projected. Read-only here:
 * rows are written by {@link CredentialWriter}'s statements, never by dirty checking.
 */
@Entity
@Table(name = "qr_credential")
public class CredentialView {

    @Id
    @Column(name = "credential_id")
    private String id;
    private String name;
    private String provider;
    private String status;
    private String secretHint;
    private int secretVersion;
    private long bindingCount;
    private Instant createdAt;
    private Instant updatedAt;
    private Long version;
    private Instant restorableUntil;
    private Instant purgedAt;

    protected CredentialView() {
    }

    public String getId() {
        return id;
    }

    public String getStatus() {
        return status;
    }

    /** The sequence number of the last event of the credential's stream projected here (decision 0130). */
    public Long getVersion() {
        return version;
    }

    /** Until when a deleted credential can be restored; null unless it is within its recovery window. */
    public Instant getRestorableUntil() {
        return restorableUntil;
    }

    CredentialSummary toSummary() {
        return new CredentialSummary(id, name, provider, status, secretHint, secretVersion, bindingCount,
                createdAt, updatedAt);
    }

    CredentialDetail toDetail(List<CredentialDetail.Binding> bindings) {
        return new CredentialDetail(id, name, provider, status, secretHint, secretVersion, bindingCount,
                createdAt, updatedAt, version, bindings, restorableUntil, purgedAt);
    }
}
