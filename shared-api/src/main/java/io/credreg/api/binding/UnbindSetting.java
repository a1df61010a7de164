package io.credreg.api.binding;

public record UnbindSetting(String instanceId, String settingKey) {
}
