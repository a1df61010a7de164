package io.credreg.api.credential;

/**
 * The secret was replaced in place; bindings stay. The previous version's data key is destroyed. {@code fingerprint}
 * is null in events written since docs/decisions/0060.
 */
public record CredentialSecretRotated(String credentialId, SecretEnvelope secret, String fingerprint,
                                      String secretHint, int secretVersion, String destroyedDataKeyId) {
}
