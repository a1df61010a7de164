package io.credreg.api.credential;

public record FindCredentialHistory(String credentialId) {
}
