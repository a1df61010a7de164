package io.credreg.api.token;

import java.time.Instant;

/**
 * A token was replaced by {@code successorId} (whose {@link ApiTokenIssued} follows in the same transaction) and
 * stops authenticating at {@code retiresAt}: the grace period in which its users move to the successor.
 */
public record ApiTokenReplaced(String tokenId, String name, String successorId, Instant retiresAt) {
}
