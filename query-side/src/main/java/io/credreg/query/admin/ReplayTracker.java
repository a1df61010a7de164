package io.credreg.query.admin;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows which processors replay on this node. Axon alone cannot say so for the whole replay: between the shutdown
 * and the first claimed segment a processor reports neither segments nor replay, and a client polling the listing
 * would take that for the end. So a requested replay counts until the restarted processor has claimed its segments
 * and none of them replays any more.
 */
@Component
class ReplayTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayTracker.class);

    private final Map<String, ReplayRun> runs = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();

    /** Registers a requested replay; false if one is already under way, which guards against concurrent ones. */
    boolean begin(String processor, ReplayRun run) {
        boolean begun = runs.putIfAbsent(processor, run) == null;
        if (begun) {
            failures.remove(processor);
        }
        return begun;
    }

    void failed(String processor, ReplayRun run, String reason) {
        failures.put(processor, reason);
        runs.remove(processor, run);
    }

    /** The replay this node runs for the processor, as registered; no side effect (the pace reads it per event). */
    Optional<ReplayRun> registered(String processor) {
        return Optional.ofNullable(runs.get(processor));
    }

    Optional<String> lastFailure(String processor) {
        return Optional.ofNullable(failures.get(processor));
    }

    /**
     * The replay under way, if any, ending (and logging the end of) one that has caught up. {@code segmentCount} is
     * how many segments the processor has in all: a replay has not caught up while one of them is not claimed yet
     * (the first segment claimed may be done with its few events long before the other starts).
     */
    Optional<ReplayRun> current(StreamingEventProcessor processor, int segmentCount) {
        String name = processor.getName();
        ReplayRun run = runs.get(name);
        if (run == null && processor.isReplaying()) {
            long position = ReplayRun.lowestPosition(processor.processingStatus().values()).orElse(0);
            run = runs.computeIfAbsent(name, ignored -> ReplayRun.observed(position));
        }
        if (run != null && hasCaughtUp(processor, run, segmentCount) && runs.remove(name, run)) {
            LOG.info("Replay of processor [{}] finished after {} s", name, run.secondsSinceStart());
            return Optional.empty();
        }
        return Optional.ofNullable(run);
    }

    private static boolean hasCaughtUp(StreamingEventProcessor processor, ReplayRun run, int segmentCount) {
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        return run.isProcessorStarted() && processor.isRunning() && !segments.isEmpty()
                && segments.size() >= segmentCount && !processor.isReplaying();
    }
}
