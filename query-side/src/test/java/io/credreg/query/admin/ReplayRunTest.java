package io.credreg.query.admin;

import org.axonframework.eventhandling.EventTrackerStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/** Replay progress: measured on the slowest segment against the head at reset time. */
class ReplayRunTest {

    @Test
    void beforeTheRestartNothingIsMeasured() {
        ReplayProgress progress = ReplayRun.requested().progress(List.of(segment(900, 1000)));

        assertThat(progress).isEqualTo(new ReplayProgress(0, 0.0, null));
    }

    @Test
    void anUnpacedReplayNeverWaits() {
        ReplayRun run = ReplayRun.requested();

        assertThat(List.of(run.nanosUntilNextEvent(), run.nanosUntilNextEvent(), run.nanosUntilNextEvent()))
                .containsOnly(0L);
    }

    @Test
    void aPacedReplayGivesEachEventTheNextSlot() {
        ReplayRun run = ReplayRun.requested(100);
        run.nanosUntilNextEvent();

        // ten events at 100 a second: the tenth waits about 90 ms, whichever segment asks
        long tenth = 0;
        for (int i = 0; i < 9; i++) {
            tenth = run.nanosUntilNextEvent();
        }

        assertThat(tenth).isBetween(80_000_000L, 90_000_000L);
        assertThat(run.maxEventsPerSecond()).isEqualTo(100);
    }

    @Test
    void untilEverySegmentIsClaimedTheReplayIsAtItsStart() {
        ReplayRun run = ReplayRun.requested();
        run.processorStarted();

        // one of two segments claimed and far ahead (it handles few events); the other has not started
        assertThat(run.progress(List.of(segment(863, 1000)), 2).percent()).isEqualTo(0.0);
        assertThat(run.progress(List.of(segment(863, 1000), segment(182, 1000)), 2).percent()).isEqualTo(18.2);
    }

    @Test
    void percentFollowsTheSlowestSegment() throws InterruptedException {
        ReplayRun run = ReplayRun.requested();
        run.processorStarted();
        Thread.sleep(20);

        ReplayProgress progress = run.progress(List.of(segment(250, 1000), segment(600, 1000)));

        assertThat(progress.percent()).isEqualTo(25.0);
        assertThat(progress.eventsPerSecond()).isPositive();
        assertThat(progress.estimatedSecondsLeft()).isNotNull().isGreaterThanOrEqualTo(0);
    }

    @Test
    void aSegmentThatHasNoPositionYetCountsAsTheStart() {
        ReplayRun run = ReplayRun.requested();
        run.processorStarted();

        assertThat(run.progress(List.of()).percent()).isZero();
        assertThat(ReplayRun.lowestPosition(List.of(segment(7, 10), segment(3, 10)))).hasValue(3);
    }

    private static EventTrackerStatus segment(long position, long resetPosition) {
        EventTrackerStatus status = mock(EventTrackerStatus.class);
        given(status.getCurrentPosition()).willReturn(OptionalLong.of(position));
        given(status.getResetPosition()).willReturn(OptionalLong.of(resetPosition));
        return status;
    }
}
