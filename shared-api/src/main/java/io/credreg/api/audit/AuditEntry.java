package io.credreg.api.audit;

import java.time.Instant;

/**
 * One event of the audit log. {@code sequence} is the global event sequence, the order of the whole log.
 * Credential, instance, setting, reason and secret version are {@code null} where they do not apply; a rotation
 * shows the new secret version, never anything of the secret. {@code summary} says it in one sentence.
 * {@code actor} is the acting token's name; {@code actorTokenId} and {@code actorRole} say which token it was
 * ({@code bootstrap} for the bootstrap admin; {@code null} for events recorded before they were kept).
 */
public record AuditEntry(long sequence, String type, Instant occurredAt, String actor, String reason,
                         String credentialId, String instanceId, String settingKey, Integer secretVersion,
                         String correlationId, String causationId, String summary, String actorTokenId,
                         String actorRole) {
}
