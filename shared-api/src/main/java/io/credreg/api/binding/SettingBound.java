package io.credreg.api.binding;

/**
 * Setting {@code settingKey} of instance {@code instanceId} now uses the credential. When it held another credential
 * before, a {@link SettingUnbound} with reason {@link UnbindReason#REPLACED} of that credential precedes this event.
 */
public record SettingBound(String credentialId, String instanceId, String settingKey, String provider,
                           String replacedCredentialId) {
}
