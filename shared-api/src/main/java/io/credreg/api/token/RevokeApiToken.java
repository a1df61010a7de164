package io.credreg.api.token;

public record RevokeApiToken(String tokenId) implements ApiTokenCommand {
}
