package io.credreg.api.credential;

public record RenameCredential(String credentialId, String name) implements CredentialCommand {
}
