package io.credreg.query.admin;

import org.axonframework.eventhandling.EventTrackerStatus;

import java.util.Collection;
import java.util.OptionalLong;

/**
 * One replay of one processor on this node, from the request (or from the moment it was first seen replaying)
 * until the processor has caught up with the head it was reset to.
 */
final class ReplayRun {

    private static final double NANOS_PER_SECOND = 1e9;

    private volatile boolean processorStarted;
    private volatile long startedNanos;
    private volatile long startPosition;
    /** 0: as fast as the processor goes. */
    private final long maxEventsPerSecond;
    /** When the pace next lets an event through (System.nanoTime), guarded by {@code this}. */
    private long nextEventNanos;

    private ReplayRun(boolean processorStarted, long startPosition, long maxEventsPerSecond) {
        this.processorStarted = processorStarted;
        this.startPosition = startPosition;
        this.startedNanos = System.nanoTime();
        this.maxEventsPerSecond = maxEventsPerSecond;
        this.nextEventNanos = startedNanos;
    }

    /** A replay requested here: the processor is still to be shut down, reset and started again. */
    static ReplayRun requested() {
        return requested(0);
    }

    /** The same, handling at most {@code maxEventsPerSecond} events a second over all segments (0: no limit). */
    static ReplayRun requested(long maxEventsPerSecond) {
        return new ReplayRun(false, 0, maxEventsPerSecond);
    }

    /** A replay this node did not request, e.g. the first build of a fresh database: measured from now on. */
    static ReplayRun observed(long position) {
        return new ReplayRun(true, position, 0);
    }

    long maxEventsPerSecond() {
        return maxEventsPerSecond;
    }

    /**
     * How long the caller must wait before it handles one more replayed event, so that all segments together stay
     * within the pace: each event takes the next free slot of 1/rate seconds. 0 without a pace.
     */
    synchronized long nanosUntilNextEvent() {
        if (maxEventsPerSecond <= 0) {
            return 0;
        }
        long now = System.nanoTime();
        long slot = Math.max(now, nextEventNanos);
        nextEventNanos = slot + Math.round(NANOS_PER_SECOND / maxEventsPerSecond);
        return slot - now;
    }

    /** The rate is measured from the restart, not from the request, which also waited for the shutdown. */
    void processorStarted() {
        startPosition = 0;
        startedNanos = System.nanoTime();
        processorStarted = true;
    }

    long secondsSinceStart() {
        return Math.round((System.nanoTime() - startedNanos) / NANOS_PER_SECOND);
    }

    boolean isProcessorStarted() {
        return processorStarted;
    }

    ReplayProgress progress(Collection<EventTrackerStatus> segments) {
        return progress(segments, segments.size());
    }

    /**
     * {@code segmentCount} is how many segments the processor has in all: one that is not claimed yet has not
     * started, so until every segment reports, the replay is at its start (otherwise the first segment to be
     * claimed, possibly far ahead, would show as the progress and the percentage would then fall back).
     */
    ReplayProgress progress(Collection<EventTrackerStatus> segments, int segmentCount) {
        if (!processorStarted) {
            // The segments still show where the processor was before the reset.
            return new ReplayProgress(0, 0.0, null);
        }
        long position = segments.size() < segmentCount ? startPosition
                : lowestPosition(segments).orElse(startPosition);
        long head = resetPosition(segments);
        double seconds = (System.nanoTime() - startedNanos) / NANOS_PER_SECOND;
        long rate = seconds > 0 ? Math.round(Math.max(0, position - startPosition) / seconds) : 0;
        double percent = head > 0 ? Math.min(100.0, Math.round(1000.0 * position / head) / 10.0) : 0.0;
        Long secondsLeft = rate > 0 ? Math.max(0, head - position) / rate : null;
        return new ReplayProgress(rate, percent, secondsLeft);
    }

    static OptionalLong lowestPosition(Collection<EventTrackerStatus> segments) {
        return segments.stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .min();
    }

    /** All segments are reset to the same head; 0 while no segment is claimed yet. */
    private static long resetPosition(Collection<EventTrackerStatus> segments) {
        return segments.stream()
                .map(EventTrackerStatus::getResetPosition)
                .filter(OptionalLong::isPresent)
                .mapToLong(OptionalLong::getAsLong)
                .max()
                .orElse(0);
    }
}
