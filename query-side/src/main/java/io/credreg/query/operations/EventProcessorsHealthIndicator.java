package io.credreg.query.operations;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reports every event processor of the query side as the {@code eventProcessors} health component. A processor
 * that stopped or is in error leaves the read models stale however often the database answers, so it makes the
 * application DOWN. It takes no part in the liveness or readiness probes: a restart does not get a projection past
 * an event it cannot apply, and the stale read models still answer. Errors are named by class only: an exception's message may quote the event it failed on.
 */
@Component
public class EventProcessorsHealthIndicator implements HealthIndicator {

    private final EventProcessingConfiguration processing;

    public EventProcessorsHealthIndicator(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        Map<String, Object> details = new TreeMap<>();
        boolean healthy = true;
        for (EventProcessor processor : processing.eventProcessors().values()) {
            details.put(processor.getName(), describe(processor));
            healthy &= isHealthy(processor);
        }
        return (healthy ? Health.up() : Health.down()).withDetails(details).build();
    }

    /**
     * A pooled processor reports a failing batch on its segment only (the segment is marked, released and retried),
     * not through {@code isError()}, so a segment in error counts too.
     */
    static boolean isHealthy(EventProcessor processor) {
        return processor.isRunning() && !processor.isError() && !anySegmentInError(processor);
    }

    private static boolean anySegmentInError(EventProcessor processor) {
        return processor instanceof StreamingEventProcessor streaming
                && streaming.processingStatus().values().stream().anyMatch(EventTrackerStatus::isErrorState);
    }

    private static Map<String, Object> describe(EventProcessor processor) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("running", processor.isRunning());
        details.put("error", processor.isError());
        if (processor instanceof StreamingEventProcessor streaming) {
            Map<Integer, EventTrackerStatus> segments = new TreeMap<>(streaming.processingStatus());
            details.put("replaying", streaming.isReplaying());
            details.put("claimedSegments", segments.keySet());
            Map<String, Object> perSegment = new LinkedHashMap<>();
            segments.forEach((segment, status) -> perSegment.put(String.valueOf(segment), describe(status)));
            details.put("segments", perSegment);
        }
        return details;
    }

    private static Map<String, Object> describe(EventTrackerStatus status) {
        Map<String, Object> details = new LinkedHashMap<>();
        status.getCurrentPosition().ifPresent(position -> details.put("position", position));
        details.put("caughtUp", status.isCaughtUp());
        details.put("errorState", status.isErrorState());
        if (status.getError() != null) {
            details.put("error", status.getError().getClass().getName());
        }
        return details;
    }
}
