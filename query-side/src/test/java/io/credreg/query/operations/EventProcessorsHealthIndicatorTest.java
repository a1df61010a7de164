package io.credreg.query.operations;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class EventProcessorsHealthIndicatorTest {

    private final Map<String, EventProcessor> processors = new LinkedHashMap<>();

    @Test
    void runningProcessorsAreUpAndDescribedPerSegment() {
        processor("credentials", true, false, Map.of(0, segment(41, null), 1, segment(42, null)));
        processor("credential-history", true, false, Map.of(0, segment(7, null)));

        Health health = health();

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(processorDetails(health, "credentials"))
                .containsEntry("running", true)
                .containsEntry("error", false)
                .containsEntry("replaying", false);
        assertThat(processorDetails(health, "credentials").get("claimedSegments").toString()).isEqualTo("[0, 1]");
        assertThat(segmentDetails(health, "credentials", "1"))
                .containsEntry("position", 42L)
                .containsEntry("errorState", false)
                .doesNotContainKey("error");
    }

    @Test
    void aProcessorInErrorMakesTheApplicationDownAndIsNamed() {
        processor("credentials", true, true, Map.of());
        processor("credential-history", true, false, Map.of());

        Health health = health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(processorDetails(health, "credentials")).containsEntry("error", true);
        assertThat(processorDetails(health, "credential-history")).containsEntry("error", false);
    }

    @Test
    void aStoppedProcessorMakesTheApplicationDown() {
        processor("credentials", false, false, Map.of());

        assertThat(health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(processorDetails(health(), "credentials")).containsEntry("running", false);
    }

    @Test
    void aSegmentInErrorIsDownAndShowsTheErrorClassButNeverItsMessage() {
        Exception failure = new IllegalStateException("could not apply event for secret sk-live-1234");
        processor("credential-history", true, false, Map.of(0, segment(9, failure)));

        Health health = health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(segmentDetails(health, "credential-history", "0"))
                .containsEntry("errorState", true)
                .containsEntry("error", IllegalStateException.class.getName());
        assertThat(health.toString()).doesNotContain("sk-live-1234");
    }

    private Health health() {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.eventProcessors()).thenReturn(processors);
        return new EventProcessorsHealthIndicator(processing).health();
    }

    private void processor(String name, boolean running, boolean error, Map<Integer, EventTrackerStatus> segments) {
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.getName()).thenReturn(name);
        when(processor.isRunning()).thenReturn(running);
        when(processor.isError()).thenReturn(error);
        when(processor.processingStatus()).thenReturn(segments);
        processors.put(name, processor);
    }

    private static EventTrackerStatus segment(long position, Exception error) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        when(status.getCurrentPosition()).thenReturn(OptionalLong.of(position));
        when(status.isCaughtUp()).thenReturn(true);
        when(status.isErrorState()).thenReturn(error != null);
        when(status.getError()).thenReturn(error);
        return status;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> processorDetails(Health health, String processor) {
        return (Map<String, Object>) health.getDetails().get(processor);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> segmentDetails(Health health, String processor, String segment) {
        Map<String, Object> segments = (Map<String, Object>) processorDetails(health, processor).get("segments");
        return (Map<String, Object>) segments.get(segment);
    }
}
