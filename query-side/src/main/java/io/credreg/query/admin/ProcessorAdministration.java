package io.credreg.query.admin;

import io.credreg.query.web.ConflictException;
import io.credreg.query.web.NotFoundException;
import io.credreg.platform.web.ProblemType;
import jakarta.annotation.PreDestroy;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Lists the event processors with their position and lag, and replays one: shut it down, reset its tokens (which
 * runs its {@code @ResetHandler}s, emptying its tables) and start it again, so that it rebuilds its read models from
 * the first event. The replay runs on a thread of its own because a shutdown waits for the batch in flight.
 */
@Service
public class ProcessorAdministration {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorAdministration.class);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final ReplayTracker replays;
    private final RetiredProcessors retired;
    private final ExecutorService replayExecutor = Executors.newSingleThreadExecutor(
            runnable -> new Thread(runnable, "processor-replay"));

    ProcessorAdministration(EventProcessingConfiguration processing, EventStore eventStore, TokenStore tokenStore,
                            TransactionManager transactions, ReplayTracker replays, RetiredProcessors retired) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.replays = replays;
        this.retired = retired;
    }

    /** The processors this node runs, then the retired ones that still have tokens. */
    public List<ProcessorView> processors() {
        long head = head();
        return Stream.concat(
                new TreeMap<>(processing.eventProcessors()).values().stream().map(p -> describe(p, head)),
                retired.list().stream()).toList();
    }

    public ProcessorView processor(String name) {
        if (processing.eventProcessor(name).isEmpty()) {
            return retired.list().stream().filter(view -> view.name().equals(name)).findFirst()
                    .orElseThrow(() -> unknown(name));
        }
        return describe(streaming(name), head());
    }

    /** Deletes the tokens of a processor that no node of this release runs any more. */
    public void retire(String name) {
        retired.retire(name);
    }

    /** Accepts a replay of the named processor and starts it in the background. */
    public ProcessorView replay(String name) {
        return replay(name, 0);
    }

    /**
     * The same, at most {@code maxEventsPerSecond} replayed events a second (0: as fast as it goes), so that a
     * replay of a large store leaves the database room for the live traffic.
     */
    public ProcessorView replay(String name, long maxEventsPerSecond) {
        StreamingEventProcessor processor = streaming(name);
        refuseIfReplaying(processor);
        refuseIfClaimedElsewhere(name);
        ReplayRun run = ReplayRun.requested(maxEventsPerSecond);
        if (!replays.begin(name, run)) {
            throw replayInProgress(name);
        }
        if (maxEventsPerSecond > 0) {
            LOG.info("Replay of processor [{}] requested, at most {} events/s", name, maxEventsPerSecond);
        } else {
            LOG.info("Replay of processor [{}] requested", name);
        }
        replayExecutor.execute(() -> resetAndRestart(processor, run));
        return processor(name);
    }

    @PreDestroy
    void stopReplays() {
        replayExecutor.shutdownNow();
    }

    private void resetAndRestart(StreamingEventProcessor processor, ReplayRun run) {
        try {
            processor.shutDown();
            processor.resetTokens();
            LOG.info("Processor [{}] reset; replaying from the first event", processor.getName());
        } catch (RuntimeException e) {
            // Typically another node still holds a segment; the reset rolled back, the tables are untouched.
            LOG.error("Replay of processor [{}] failed; restarting it where it was", processor.getName(), e);
            replays.failed(processor.getName(), run, e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            processor.start();
            run.processorStarted();
        }
    }

    private void refuseIfReplaying(StreamingEventProcessor processor) {
        if (replays.current(processor, segmentCount(processor.getName())).isPresent()) {
            throw replayInProgress(processor.getName());
        }
    }

    /** A reset must claim every segment; a segment another live node holds would make it fail after the 202. */
    private void refuseIfClaimedElsewhere(String name) {
        boolean claimedElsewhere = transactions.fetchInTransaction(
                () -> tokenStore.fetchAvailableSegments(name).size() < tokenStore.fetchSegments(name).length);
        if (claimedElsewhere) {
            throw new ConflictException(ProblemType.SEGMENTS_CLAIMED_ELSEWHERE, "Another query node holds segments"
                    + " of processor '" + name + "'; stop the other query nodes before replaying.");
        }
    }

    private static ConflictException replayInProgress(String name) {
        return new ConflictException(ProblemType.REPLAY_IN_PROGRESS,
                "Processor '" + name + "' is already replaying; wait until it has finished.");
    }

    private StreamingEventProcessor streaming(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class).orElseThrow(() -> unknown(name));
    }

    private static NotFoundException unknown(String name) {
        return new NotFoundException("No event processor named '" + name + "' is known.");
    }

    /** The highest global index in the event store, 0 while it is empty. */
    private long head() {
        TrackingToken head = transactions.fetchInTransaction(eventStore::createHeadToken);
        return head == null ? 0 : head.position().orElse(0);
    }

    private ProcessorView describe(EventProcessor processor, long head) {
        if (!(processor instanceof StreamingEventProcessor streaming)) {
            return new ProcessorView(processor.getName(), status(processor, false), false, null, null, List.of(),
                    null, null);
        }
        Map<Integer, EventTrackerStatus> segments = new TreeMap<>(streaming.processingStatus());
        int segmentCount = segmentCount(streaming.getName());
        Optional<ReplayRun> run = replays.current(streaming, segmentCount);
        OptionalLong position = ReplayRun.lowestPosition(segments.values());
        Long lag = position.isPresent() ? Math.max(0, head - position.getAsLong()) : null;
        return new ProcessorView(streaming.getName(), status(streaming, run.isPresent()), run.isPresent(),
                position.isPresent() ? position.getAsLong() : null, lag, List.copyOf(segments.keySet()),
                run.map(replay -> replay.progress(segments.values(), segmentCount)).orElse(null),
                replays.lastFailure(streaming.getName()).orElse(null));
    }

    /** How many segments the processor has in the token store, claimed or not. */
    private int segmentCount(String name) {
        return transactions.fetchInTransaction(() -> tokenStore.fetchSegments(name).length);
    }

    private static String status(EventProcessor processor, boolean replaying) {
        if (processor.isError() || anySegmentInError(processor)) {
            return ProcessorView.ERROR;
        }
        if (replaying) {
            return ProcessorView.REPLAYING;
        }
        return processor.isRunning() ? ProcessorView.RUNNING : ProcessorView.STOPPED;
    }

    private static boolean anySegmentInError(EventProcessor processor) {
        Collection<EventTrackerStatus> segments = processor instanceof StreamingEventProcessor streaming
                ? streaming.processingStatus().values() : List.of();
        return segments.stream().anyMatch(EventTrackerStatus::isErrorState);
    }
}
