package io.credreg.query.admin;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ReplayTrackerTest {

    private final ReplayTracker tracker = new ReplayTracker();
    private final StreamingEventProcessor processor = mock(StreamingEventProcessor.class);

    @Test
    void aReplayIsNotOverWhileASegmentIsStillUnclaimed() {
        ReplayRun run = ReplayRun.requested(250);
        tracker.begin("credential-history", run);
        run.processorStarted();
        when(processor.getName()).thenReturn("credential-history");
        when(processor.isRunning()).thenReturn(true);
        // segment 1 had few events and is done; segment 0, with the most, is not claimed yet
        when(processor.processingStatus()).thenReturn(Map.of(1, mock(EventTrackerStatus.class)));
        when(processor.isReplaying()).thenReturn(false);

        assertThat(tracker.current(processor, 2)).contains(run);
        assertThat(tracker.registered("credential-history")).as("the pace still holds").contains(run);
    }

    @Test
    void aReplayIsOverOnceEverySegmentIsClaimedAndNoneReplays() {
        ReplayRun run = ReplayRun.requested(0);
        tracker.begin("credentials", run);
        run.processorStarted();
        when(processor.getName()).thenReturn("credentials");
        when(processor.isRunning()).thenReturn(true);
        when(processor.processingStatus()).thenReturn(Map.of(0, mock(EventTrackerStatus.class),
                1, mock(EventTrackerStatus.class)));
        when(processor.isReplaying()).thenReturn(false);

        assertThat(tracker.current(processor, 2)).isEmpty();
        assertThat(tracker.registered("credentials")).isEmpty();
    }
}
