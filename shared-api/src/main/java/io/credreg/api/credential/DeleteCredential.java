package io.credreg.api.credential;

/**
 * Deletes a credential and unbinds every setting it holds. {@code expectedVersion}, when not null, is the version of
 * the credential's stream the caller last saw (the {@code If-Match} of the request): a credential that has moved on
 * since is not deleted.
 */
public record DeleteCredential(String credentialId, Long expectedVersion) implements CredentialCommand {

    public DeleteCredential(String credentialId) {
        this(credentialId, null);
    }
}
