package io.credreg.query.history;

import java.time.Instant;

/** What the history projection writes for one event. */
record HistoryRecord(long sequence, String credentialId, String type, Instant occurredAt, String actor,
                     String reason, String instanceId, String settingKey, Integer secretVersion,
                     String correlationId, String causationId) {
}
