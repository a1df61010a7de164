package io.credreg.query.balancing;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FairShareTest {

    @Test
    void aNodeAloneKeepsEverySegment() {
        FairShare alone = new FairShare(1, 9);
        assertThat(alone.share()).isEqualTo(9);
        assertThat(alone.processorToRelease(Map.of("credentials", 2, "audit", 2, "audit-chain", 1))).isEmpty();
    }

    @Test
    void theShareIsRoundedUpSoEverySegmentHasAHolder() {
        assertThat(new FairShare(2, 9).share()).isEqualTo(5);
        assertThat(new FairShare(3, 9).share()).isEqualTo(3);
        assertThat(new FairShare(4, 9).share()).isEqualTo(3);
        assertThat(new FairShare(10, 9).share()).isEqualTo(1);
    }

    @Test
    void aboveItsShareANodeGivesUpASegmentOfTheProcessorItHoldsMostOf() {
        FairShare two = new FairShare(2, 9);
        Map<String, Integer> all = Map.of("credentials", 2, "credential-history", 2, "audit", 2, "api-tokens", 2,
                "audit-chain", 1);
        assertThat(two.processorToRelease(all)).contains("api-tokens");
        assertThat(two.processorToRelease(Map.of("credentials", 1, "audit", 1, "audit-chain", 1, "api-tokens", 2,
                "credential-history", 1))).contains("api-tokens");
    }

    @Test
    void atOrBelowItsShareANodeKeepsWhatItHolds() {
        FairShare two = new FairShare(2, 9);
        assertThat(two.processorToRelease(Map.of("credentials", 2, "audit", 2, "audit-chain", 1))).isEmpty();
        assertThat(two.processorToRelease(Map.of())).isEmpty();
    }

    @Test
    void neverReleasesFromAProcessorItHoldsNothingOf() {
        FairShare three = new FairShare(3, 6);
        assertThat(three.processorToRelease(Map.of("credentials", 0, "audit", 3))).contains("audit");
    }

    @Test
    void thereIsAlwaysThisNode() {
        assertThatThrownBy(() -> new FairShare(0, 9)).isInstanceOf(IllegalArgumentException.class);
    }
}
