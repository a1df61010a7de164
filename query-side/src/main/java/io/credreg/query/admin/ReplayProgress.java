package io.credreg.query.admin;

/**
 * How far a replay has come: the rate since the processor started replaying, the share of the events up to the
 * head at reset time, and the time left at that rate (null until a rate is known).
 */
public record ReplayProgress(long eventsPerSecond, double percent, Long estimatedSecondsLeft) {
}
