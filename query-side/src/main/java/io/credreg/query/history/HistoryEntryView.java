package io.credreg.query.history;

import io.credreg.api.credential.HistoryEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One event of one credential, as the audit trail shows it. */
@Entity
@Table(name = "qr_history_entry")
public class HistoryEntryView {

    @Id
    private long globalSequence;
    private String credentialId;
    @Column(name = "event_type")
    private String type;
    private Instant occurredAt;
    private String actor;
    private String reason;
    private String instanceId;
    private String settingKey;
    private Integer secretVersion;
    private String correlationId;
    private String causationId;

    protected HistoryEntryView() {
    }

    HistoryEntryView(HistoryRecord entry) {
        this.globalSequence = entry.sequence();
        this.credentialId = entry.credentialId();
        this.type = entry.type();
        this.occurredAt = entry.occurredAt();
        this.actor = entry.actor();
        this.reason = entry.reason();
        this.instanceId = entry.instanceId();
        this.settingKey = entry.settingKey();
        this.secretVersion = entry.secretVersion();
        this.correlationId = entry.correlationId();
        this.causationId = entry.causationId();
    }

    HistoryEntry toEntry() {
        return new HistoryEntry(globalSequence, type, occurredAt, actor, reason, instanceId, settingKey,
                secretVersion, correlationId, causationId);
    }
}
