package io.credreg.query.balancing;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

/**
 * The decision of one balancing round, kept apart from Axon and the database so that it can be tested alone: with
 * {@code nodes} running and {@code totalSegments} among all processors, a node holds at most its share (rounded up).
 * Above it, it gives up one segment of the processor it holds most of; one per round, so that nodes joining at the
 * same time do not all let go at once.
 */
record FairShare(int nodes, int totalSegments) {

    FairShare {
        if (nodes < 1) {
            throw new IllegalArgumentException("at least this node runs");
        }
    }

    int share() {
        return (totalSegments + nodes - 1) / nodes;
    }

    /** The processor to give up one segment of, given how many segments this node holds per processor. */
    Optional<String> processorToRelease(Map<String, Integer> claimedHere) {
        int held = claimedHere.values().stream().mapToInt(Integer::intValue).sum();
        if (held <= share()) {
            return Optional.empty();
        }
        return claimedHere.entrySet().stream()
                .filter(e -> e.getValue() > 0)
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey);
    }
}
