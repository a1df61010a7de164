package io.credreg.api.audit;

/**
 * One page of the audit log: at most {@code limit} entries matching {@code filter} with a global sequence above
 * {@code afterSequence} (0 for the first page), in sequence order.
 */
public record FindAuditEntries(AuditFilter filter, long afterSequence, int limit) {
}
