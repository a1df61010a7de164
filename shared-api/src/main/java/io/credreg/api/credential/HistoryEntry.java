package io.credreg.api.credential;

import java.time.Instant;

/**
 * One event of a credential's history. {@code sequence} is the global event sequence, so entries of different
 * credentials can be ordered against each other.
 */
public record HistoryEntry(long sequence, String type, Instant occurredAt, String actor, String reason,
                           String instanceId, String settingKey, Integer secretVersion, String correlationId,
                           String causationId) {
}
