package io.credreg.api.binding;

/** The setting no longer uses the credential, and {@code reason} says why. */
public record SettingUnbound(String credentialId, String instanceId, String settingKey, UnbindReason reason) {
}
