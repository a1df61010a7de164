package io.credreg.api.credential;

/**
 * Renames a credential. {@code expectedVersion}, when not null, is the version of the credential's stream the caller
 * last saw (the {@code If-Match} of the request): a credential that has moved on since is not renamed.
 */
public record RenameCredential(String credentialId, String name, Long expectedVersion) implements CredentialCommand {

    public RenameCredential(String credentialId, String name) {
        this(credentialId, name, null);
    }
}
