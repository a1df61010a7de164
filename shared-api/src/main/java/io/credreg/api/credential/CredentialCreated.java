package io.credreg.api.credential;

/** A credential was registered; {@code secretVersion} is 1. Only ciphertext, fingerprint and hint are recorded. */
public record CredentialCreated(String credentialId, String name, String provider, SecretEnvelope secret,
                                String fingerprint, String secretHint, int secretVersion) {
}
