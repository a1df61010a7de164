package io.credreg.api.credential;

/**
 * Asks an active credential for its current secret version, so that a new secret can be sealed for the next one
 * before {@link RotateCredentialSecret} is sent. Records nothing.
 */
public record ReadSecretVersion(String credentialId) implements CredentialCommand {
}
