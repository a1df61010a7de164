package io.credreg.api.token;

import java.time.Instant;

/**
 * Replace a token without downtime: a successor with the same name, role and instance is issued (only its hash
 * travels), and the old token keeps working until {@code retiresAt}, then stops as if revoked. Both happen in one
 * transaction, so there is never a moment with two live holders of the name or with none.
 */
public record ReplaceApiToken(String tokenId, String successorId, String successorHash, Instant retiresAt,
                              Instant successorExpiresAt) implements ApiTokenCommand {
}
