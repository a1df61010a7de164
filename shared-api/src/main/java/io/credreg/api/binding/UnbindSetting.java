package io.credreg.api.binding;

/**
 * Unbinds a setting of an instance. {@code expectedVersion}, when not null, is the version of the stream of the
 * credential holding the setting that the caller last saw (the {@code If-Match} of the request).
 */
public record UnbindSetting(String instanceId, String settingKey, Long expectedVersion) {

    public UnbindSetting(String instanceId, String settingKey) {
        this(instanceId, settingKey, null);
    }
}
