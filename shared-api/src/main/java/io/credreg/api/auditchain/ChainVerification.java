package io.credreg.api.auditchain;

/**
 * The answer of {@code GET /api/audit/verify}: whether the audit chain, recomputed from the event store, matches the
 * chain that was recorded.
 *
 * @param valid           every recorded entry matches its event as stored now
 * @param count           entries that matched, from the first on (all of them when valid)
 * @param headHash        the hash of the last entry, when valid (null for an empty chain)
 * @param headSequence    the global sequence of the event of the last entry, when valid
 * @param unchainedEvents events in the store that the chain does not cover (yet): appended after its head, or not
 *                        yet processed; they are not verified
 * @param firstMismatch   the first entry that does not match, when not valid
 */
public record ChainVerification(boolean valid, long count, String headHash, Long headSequence, long unchainedEvents,
                                Mismatch firstMismatch) {

    /**
     * The first chain entry whose event no longer hashes to what was recorded ({@code event-altered}), whose event row
     * is gone ({@code event-missing}), or that is itself gone from the chain ({@code entry-missing}: then only its
     * position is known, and {@code sequence}, {@code eventIdentifier} and {@code expectedHash} are null); or the first
     * stored event the chain skipped ({@code event-unchained}).
     */
    public record Mismatch(long chainPosition, Long sequence, String eventIdentifier, String problem,
                           String expectedHash, String actualHash) {
    }
}
