package io.credreg.query.audit;

import java.time.Instant;

/**
 * What the audit log keeps of one event: its envelope, what it is about, and the credential's name and provider as
 * they were when it happened ({@code previousName} only for a rename); for an API token's events, the token's id, name
 * and role instead (and the instance an instance token is bound to).
 */
record AuditRecord(long sequence, String type, Instant occurredAt, String actor, String reason,
                   String credentialId, String credentialName, String provider, String previousName,
                   String instanceId, String settingKey, Integer secretVersion, String correlationId,
                   String causationId, String tokenId, String tokenName, String tokenRole, String actorTokenId,
                   String actorRole) {
}
