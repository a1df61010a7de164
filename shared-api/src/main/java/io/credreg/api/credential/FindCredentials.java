package io.credreg.api.credential;

/** Lists credentials; every filter is optional ({@code null} matches all). {@code name} matches a substring. */
public record FindCredentials(String provider, CredentialStatus status, String name) {
}
