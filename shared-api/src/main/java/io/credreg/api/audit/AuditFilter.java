package io.credreg.api.audit;

import java.time.Instant;

/**
 * Which entries of the audit log to show; every {@code null} field means "any". {@code from} is inclusive,
 * {@code to} exclusive.
 */
public record AuditFilter(String credentialId, String instanceId, String actor, String type, Instant from,
                          Instant to) {

    public static AuditFilter none() {
        return new AuditFilter(null, null, null, null, null, null);
    }
}
