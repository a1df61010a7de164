package io.credreg.api.credential;

/**
 * A new secret was staged as pending version {@code pendingVersion}, under its own data key; consumers still receive
 * {@code currentVersion}. {@code replacedPendingVersion} and {@code destroyedDataKeyId} name a pending version this
 * one replaced (its data key destroyed), or are null. Nothing of the secret but ciphertext and a masked hint.
 */
public record CredentialSecretStaged(String credentialId, SecretEnvelope secret, String secretHint,
                                     int pendingVersion, int currentVersion, StagedPromotion promotion,
                                     Long promoteAfterSeconds, long graceSeconds, Integer replacedPendingVersion,
                                     String destroyedDataKeyId) {
}
