package io.credreg.api.credential;

import java.time.Instant;

/**
 * Deletes a credential and unbinds every setting it holds. {@code expectedVersion}, when not null, is the version of
 * the credential's stream the caller last saw (the {@code If-Match} of the request): a credential that has moved on
 * since is not deleted. {@code restorableUntil}, when not null, opens a recovery window (decision 0200): the data key
 * survives until then and {@link RestoreCredential} can bring the credential back; null shreds it at once.
 */
public record DeleteCredential(String credentialId, Long expectedVersion, Instant restorableUntil)
        implements CredentialCommand {

    public DeleteCredential(String credentialId) {
        this(credentialId, null, null);
    }

    public DeleteCredential(String credentialId, Long expectedVersion) {
        this(credentialId, expectedVersion, null);
    }
}
