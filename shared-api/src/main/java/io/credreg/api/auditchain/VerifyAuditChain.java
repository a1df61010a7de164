package io.credreg.api.auditchain;

/** Recompute the audit chain from the event store and compare it with the recorded one; answered with a {@link ChainVerification}. */
public record VerifyAuditChain() {
}
