package io.credreg.api.credential;

public record FindDeletionImpact(String credentialId) {
}
