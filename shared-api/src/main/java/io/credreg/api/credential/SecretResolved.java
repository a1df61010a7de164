package io.credreg.api.credential;

/**
 * The secret of a credential (version {@code secretVersion}) was handed to a consumer for setting {@code settingKey}
 * of instance {@code instanceId}; who asked is the event's actor (the token's name) and {@code tokenId}. Nothing of
 * the secret is in it.
 * <p>
 * Since issue 10 this is a non-aggregate event published by the command side's resolution journal, so it no longer
 * grows the credential's stream; the ones already stored in credential streams (without {@code tokenId}) are read
 * the same way, with a null {@code tokenId}.
 */
public record SecretResolved(String credentialId, String instanceId, String settingKey, int secretVersion,
                             String tokenId) {

    /** A resolution recorded before token ids were (the events in credential streams). */
    public SecretResolved(String credentialId, String instanceId, String settingKey, int secretVersion) {
        this(credentialId, instanceId, settingKey, secretVersion, null);
    }
}
