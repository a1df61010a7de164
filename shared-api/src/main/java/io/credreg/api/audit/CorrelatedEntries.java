package io.credreg.api.audit;

import java.util.List;

/** The entries of one correlation id, in sequence order; empty when the id is unknown. */
public record CorrelatedEntries(List<AuditEntry> items) {
}
