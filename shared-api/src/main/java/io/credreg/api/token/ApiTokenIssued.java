package io.credreg.api.token;

/**
 * A token was issued. It carries the token's SHA-256 hash ({@link ApiTokens#hash}), never the token: whoever reads
 * the event store cannot authenticate with what they find there.
 */
public record ApiTokenIssued(String tokenId, String name, TokenRole role, String instanceId, String tokenHash) {
}
