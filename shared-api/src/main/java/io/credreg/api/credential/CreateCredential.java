package io.credreg.api.credential;

public record CreateCredential(String credentialId, String name, String provider, SealedSecret secret) implements CredentialCommand {
}
