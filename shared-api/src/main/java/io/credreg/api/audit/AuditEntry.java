package io.credreg.api.audit;

import java.time.Instant;

/**
 * One event of the audit log. {@code sequence} is the global event sequence, the order of the whole log.
 * Credential, instance, setting, reason and secret version are {@code null} where they do not apply; a rotation
 * shows the new secret version, never anything of the secret. {@code tokenId} names the API token an entry is about
 * or, for a resolution, the token that asked ({@code null} for resolutions recorded before issue 10).
 * {@code summary} says it in one sentence.
 */
public record AuditEntry(long sequence, String type, Instant occurredAt, String actor, String reason,
                         String credentialId, String instanceId, String settingKey, Integer secretVersion,
                         String correlationId, String causationId, String tokenId, String summary) {
}
