package io.credreg.api.token;

/** Issue a token; the edge generated it and sends only its hash, so the token itself never enters a message. */
public record IssueApiToken(String tokenId, String name, TokenRole role, String instanceId, String tokenHash)
        implements ApiTokenCommand {
}
