package io.credreg.query.audit;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A credential's current name and provider as the audit processor knows them; kept after a deletion. */
@Entity
@Table(name = "qr_audit_credential")
class AuditCredentialView {

    @Id
    private String credentialId;
    private String name;
    private String provider;

    protected AuditCredentialView() {
    }

    AuditCredentialView(String credentialId, String name, String provider) {
        this.credentialId = credentialId;
        this.name = name;
        this.provider = provider;
    }

    String name() {
        return name;
    }

    String provider() {
        return provider;
    }

    void rename(String newName) {
        this.name = newName;
    }
}
