package io.credreg.api.credential;

/** Secret version {@code secretVersion} can no longer be resolved: its data key was destroyed. */
public record SecretVersionRetired(String credentialId, int secretVersion, String destroyedDataKeyId) {
}
