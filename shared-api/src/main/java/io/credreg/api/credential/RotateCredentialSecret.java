package io.credreg.api.credential;

/**
 * Replaces a credential's secret. {@code expectedVersion}, when not null, is the version of the credential's stream
 * the caller last saw (the {@code If-Match} of the request): a credential that has moved on since keeps its secret.
 */
public record RotateCredentialSecret(String credentialId, SealedSecret secret, Long expectedVersion)
        implements CredentialCommand {

    public RotateCredentialSecret(String credentialId, SealedSecret secret) {
        this(credentialId, secret, null);
    }
}
