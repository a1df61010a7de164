package io.credreg.query.auditchain;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Signed checkpoints of the audit chain.
 *
 * @param interval   how often a query node signs the chain's head (when it moved); 0 only on request
 * @param signingKey the Ed25519 seed (base64 of 32 bytes) every query node signs with; empty: a key generated into
 *                   the data directory ({@code REGISTRY_AUDIT_SIGNING_KEY})
 */
@ConfigurationProperties("registry.audit.checkpoints")
public record AuditCheckpointProperties(@DefaultValue("15m") Duration interval, @DefaultValue("") String signingKey) {

    @Override
    public String toString() {
        return "AuditCheckpointProperties[interval=" + interval + ", signingKey="
                + (signingKey.isEmpty() ? "" : "***") + "]";
    }
}
