package io.credreg.api.credential;

/**
 * A credential was registered; {@code secretVersion} is 1. Only ciphertext and hint are recorded: {@code fingerprint}
 * is null in events written since docs/decisions/0060 (older events hold one made with a key since dropped).
 */
public record CredentialCreated(String credentialId, String name, String provider, SecretEnvelope secret,
                                String fingerprint, String secretHint, int secretVersion) {
}
