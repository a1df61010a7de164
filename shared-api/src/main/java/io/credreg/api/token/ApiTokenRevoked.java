package io.credreg.api.token;

/** A token was revoked; from now on it authenticates nothing, on any node. */
public record ApiTokenRevoked(String tokenId, String name) {
}
