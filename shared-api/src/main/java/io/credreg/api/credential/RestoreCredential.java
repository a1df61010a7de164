package io.credreg.api.credential;

/**
 * Brings a credential deleted with a recovery window back, while the window is open, and binds again every setting
 * its deletion unbound that is still free (decision 0200). {@code expectedVersion} as for the other commands.
 */
public record RestoreCredential(String credentialId, Long expectedVersion) implements CredentialCommand {

    public RestoreCredential(String credentialId) {
        this(credentialId, null);
    }
}
