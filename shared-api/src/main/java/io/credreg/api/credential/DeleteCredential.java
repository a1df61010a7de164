package io.credreg.api.credential;

public record DeleteCredential(String credentialId) implements CredentialCommand {
}
