package io.credreg.api.credential;

/** A consumer asks for the secret behind setting {@code settingKey} of instance {@code instanceId}. */
public record ResolveSecret(String credentialId, String instanceId, String settingKey) implements CredentialCommand {
}
