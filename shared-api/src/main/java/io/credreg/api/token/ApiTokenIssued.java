package io.credreg.api.token;

import java.time.Instant;

/**
 * A token was issued. It carries the token's SHA-256 hash ({@link ApiTokens#hash}), never the token: whoever reads
 * the event store cannot authenticate with what they find there. {@code expiresAt} is when it stops authenticating
 * by itself, {@code null} for never (events written before the field existed read as {@code null}).
 */
public record ApiTokenIssued(String tokenId, String name, TokenRole role, String instanceId, String tokenHash,
                             Instant expiresAt) {

    public ApiTokenIssued(String tokenId, String name, TokenRole role, String instanceId, String tokenHash) {
        this(tokenId, name, role, instanceId, tokenHash, null);
    }
}
