package io.credreg.api.credential;

/**
 * The secret of a credential (version {@code secretVersion}) was handed to a consumer for setting {@code settingKey}
 * of instance {@code instanceId}; who asked is the event's actor. Nothing of the secret is in it.
 */
public record SecretResolved(String credentialId, String instanceId, String settingKey, int secretVersion) {
}
