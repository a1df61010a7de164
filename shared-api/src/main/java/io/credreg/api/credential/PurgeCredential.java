package io.credreg.api.credential;

/**
 * Ends the recovery window of a deleted credential: destroys its data key for good. Sent by the purge poller of every
 * command node; the aggregate accepts it once, after the window has ended (decision 0200).
 */
public record PurgeCredential(String credentialId) implements CredentialCommand {
}
