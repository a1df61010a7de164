package io.credreg.query.admin;

import java.util.List;

/**
 * One event processor as an operator sees it. {@code position} is the lowest global position over the segments this
 * node claims (null when it claims none), {@code lag} how far that is behind the head of the event store, and
 * {@code progress} is set only while the processor replays. {@code lastReplayError} says why the last replay
 * requested on this node could not reset the processor (null when it could, or when none was requested).
 */
public record ProcessorView(String name, String status, boolean replaying, Long position, Long lag,
                            List<Integer> segments, ReplayProgress progress, String lastReplayError) {

    static final String RUNNING = "running";
    static final String REPLAYING = "replaying";
    static final String ERROR = "error";
    static final String STOPPED = "stopped";
    /** Known to the token store but run by no node of this release (see {@link RetiredProcessors}). */
    static final String RETIRED = "retired";
}
