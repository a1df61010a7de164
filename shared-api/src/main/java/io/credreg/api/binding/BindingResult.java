package io.credreg.api.binding;

/** The outcome of a bind: {@code replacedCredentialId} is the credential the setting held before, if any. */
public record BindingResult(String instanceId, String settingKey, String credentialId, String replacedCredentialId) {
}
