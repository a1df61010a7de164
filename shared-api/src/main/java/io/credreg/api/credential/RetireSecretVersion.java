package io.credreg.api.credential;

/**
 * Destroys the data key of a promoted secret's previous version once its grace has ended (sent by the staged-rotation
 * poller). Retiring a version that is no longer the previous one does nothing, so only one node's retirement counts.
 */
public record RetireSecretVersion(String credentialId, int secretVersion) implements CredentialCommand {
}
