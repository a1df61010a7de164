package io.credreg.api.credential;

/**
 * The recovery window of a deleted credential ended and its data key was destroyed in the same transaction: the
 * secret is unrecoverable. There is at most one such event per credential (decision 0200).
 */
public record CredentialPurged(String credentialId, String name, String provider, String destroyedDataKeyId) {
}
