package io.credreg.api.credential;

public record RotateCredentialSecret(String credentialId, SealedSecret secret) implements CredentialCommand {
}
