package io.credreg.query.audit;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AuditWatermarkTest {

    private static final java.util.function.LongPredicate NO_GAP_ABANDONED = gap -> false;

    @Test
    void theSlowestSegmentBoundsTheLog() {
        List<TrackingToken> tokens = List.of(new GlobalSequenceTrackingToken(900),
                new GlobalSequenceTrackingToken(850));

        assertThat(AuditWatermark.completeUpTo(tokens, NO_GAP_ABANDONED)).isEqualTo(850);
    }

    @Test
    void aSegmentIsCompleteOnlyBelowItsLowestOpenGap() {
        List<TrackingToken> tokens = List.of(
                GapAwareTrackingToken.newInstance(900, Set.of(880L, 870L)),
                GapAwareTrackingToken.newInstance(950, Set.of()));

        assertThat(AuditWatermark.completeUpTo(tokens, NO_GAP_ABANDONED)).isEqualTo(869);
    }

    @Test
    void anAbandonedGapNoLongerHoldsTheLogBack() {
        List<TrackingToken> tokens = List.of(GapAwareTrackingToken.newInstance(900, Set.of(870L, 880L)));

        assertThat(AuditWatermark.completeUpTo(tokens, gap -> gap == 870)).isEqualTo(879);
        assertThat(AuditWatermark.completeUpTo(tokens, gap -> true)).isEqualTo(900);
    }

    @Test
    void aReplayingSegmentCountsWhereTheReplayIs() {
        TrackingToken replaying = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(900, Set.of()),
                GapAwareTrackingToken.newInstance(300, Set.of()));

        assertThat(AuditWatermark.completeUpTo(List.of(replaying), NO_GAP_ABANDONED)).isEqualTo(300);
    }

    @Test
    void nothingIsCompleteBeforeEverySegmentHasATokenWithAPosition() {
        assertThat(AuditWatermark.completeUpTo(List.of(), NO_GAP_ABANDONED)).isZero();
        assertThat(AuditWatermark.completeUpTo(Arrays.asList(new GlobalSequenceTrackingToken(5), null),
                NO_GAP_ABANDONED)).isZero();
    }
}
