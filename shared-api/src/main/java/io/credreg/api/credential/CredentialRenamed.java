package io.credreg.api.credential;

public record CredentialRenamed(String credentialId, String provider, String previousName, String name) {
}
