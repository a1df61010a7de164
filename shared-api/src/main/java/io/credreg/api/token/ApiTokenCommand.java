package io.credreg.api.token;

/** A command addressed to one API token: {@link #tokenId()} names the aggregate that decides it. */
public sealed interface ApiTokenCommand permits IssueApiToken, RevokeApiToken, ReplaceApiToken {

    String tokenId();
}
