package io.credreg.query.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One row of the audit log; written by the audit projection, read by {@link AuditLog} over JDBC. */
@Entity
@Table(name = "qr_audit_entry")
class AuditEntryView {

    @Id
    private long globalSequence;
    @Column(name = "event_type")
    private String type;
    private Instant occurredAt;
    private String actor;
    private String reason;
    private String credentialId;
    private String credentialName;
    private String provider;
    private String previousName;
    private String instanceId;
    private String settingKey;
    private Integer secretVersion;
    private String correlationId;
    private String causationId;
    private String tokenId;
    private String tokenName;
    private String tokenRole;
    private String actorTokenId;
    private String actorRole;

    protected AuditEntryView() {
    }

    AuditEntryView(AuditRecord entry) {
        this.globalSequence = entry.sequence();
        this.type = entry.type();
        this.occurredAt = entry.occurredAt();
        this.actor = entry.actor();
        this.reason = entry.reason();
        this.credentialId = entry.credentialId();
        this.credentialName = entry.credentialName();
        this.provider = entry.provider();
        this.previousName = entry.previousName();
        this.instanceId = entry.instanceId();
        this.settingKey = entry.settingKey();
        this.secretVersion = entry.secretVersion();
        this.correlationId = entry.correlationId();
        this.causationId = entry.causationId();
        this.tokenId = entry.tokenId();
        this.tokenName = entry.tokenName();
        this.tokenRole = entry.tokenRole();
        this.actorTokenId = entry.actorTokenId();
        this.actorRole = entry.actorRole();
    }
}
