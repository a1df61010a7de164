package io.credreg.api.credential;

/** The settings bound to a credential now, each with the secret version it last resolved (decision 0210). */
public record FindCredentialConsumers(String credentialId) {
}
