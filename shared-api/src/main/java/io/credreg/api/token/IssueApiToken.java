package io.credreg.api.token;

import java.time.Instant;

/**
 * Issue a token; the edge generated it and sends only its hash, so the token itself never enters a message.
 * {@code expiresAt} is optional: {@code null} issues a token that lives until it is revoked.
 */
public record IssueApiToken(String tokenId, String name, TokenRole role, String instanceId, String tokenHash,
                            Instant expiresAt) implements ApiTokenCommand {

    public IssueApiToken(String tokenId, String name, TokenRole role, String instanceId, String tokenHash) {
        this(tokenId, name, role, instanceId, tokenHash, null);
    }
}
