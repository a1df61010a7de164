package io.credreg.api.binding;

public record BindToInstance(String instanceId, String settingKey, String credentialId) {
}
