package io.credreg.api.credential;

public record FindCredential(String credentialId) {
}
