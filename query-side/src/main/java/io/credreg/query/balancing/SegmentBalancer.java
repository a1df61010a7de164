package io.credreg.query.balancing;

import jakarta.annotation.PreDestroy;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Spreads the processors' segments over the running query nodes (decision 0160). Axon's pooled processor claims every
 * unclaimed segment and keeps it while its node lives, so the first node to start would do all the work. Each round,
 * this node announces itself, counts the live nodes and, holding more than its share, releases one segment for a few
 * rounds: a node below its share claims it meanwhile (Axon claims unclaimed segments by itself). A node that stops
 * releases its claims, one killed loses them when Axon's claim timeout ends, and the others take them over, as they
 * are never limited below the total.
 */
class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;
    private final QueryNodes nodes;
    private final Duration interval;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "segment-balancer"));

    SegmentBalancer(EventProcessingConfiguration processing, JdbcTemplate jdbc, QueryNodes nodes, Duration interval) {
        this.processing = processing;
        this.jdbc = jdbc;
        this.nodes = nodes;
        this.interval = interval;
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        rounds.scheduleWithFixedDelay(this::roundSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void roundSafely() {
        try {
            round();
        } catch (RuntimeException e) {
            // a database that is briefly away must not end the balancing for good
            log.warn("Segment balancing round failed: {}", e.toString());
        }
    }

    void round() {
        Map<String, StreamingEventProcessor> running = runningProcessors();
        FairShare share = new FairShare(nodes.heartbeat(), totalSegments(running));
        Map<String, Integer> claimedHere = new TreeMap<>();
        running.forEach((name, processor) -> claimedHere.put(name, processor.processingStatus().size()));
        share.processorToRelease(claimedHere).ifPresent(name -> release(running.get(name), name, share));
    }

    private void release(StreamingEventProcessor processor, String name, FairShare share) {
        int segment = processor.processingStatus().keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
        if (segment < 0) {
            return;
        }
        log.info("Releasing segment {} of processor [{}]: this node holds more than its share of {} segments "
                 + "({} nodes)", segment, name, share.share(), share.nodes());
        processor.releaseSegment(segment, interval.toMillis() * 5, TimeUnit.MILLISECONDS);
    }

    private Map<String, StreamingEventProcessor> runningProcessors() {
        Map<String, StreamingEventProcessor> running = new HashMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                running.put(name, streaming);
            }
        });
        return running;
    }

    private int totalSegments(Map<String, StreamingEventProcessor> running) {
        if (running.isEmpty()) {
            return 0;
        }
        Map<String, Integer> perProcessor = new HashMap<>();
        jdbc.query("select processor_name, count(*) from token_entry group by processor_name",
                rs -> {
                    perProcessor.put(rs.getString(1), rs.getInt(2));
                });
        return running.keySet().stream().mapToInt(name -> perProcessor.getOrDefault(name, 0)).sum();
    }

    @PreDestroy
    void stop() {
        rounds.shutdownNow();
        try {
            nodes.leave();
        } catch (RuntimeException e) {
            log.debug("Could not remove this node's heartbeat: {}", e.toString());
        }
    }
}
