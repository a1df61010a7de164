package io.credreg.api.binding;

/**
 * Binds a setting of an instance to a credential. {@code expectedVersion}, when not null, is the version of that
 * credential's stream the caller last saw (the {@code If-Match} of the request); it says nothing about the credential
 * the setting held before, which a replacement unbinds.
 */
public record BindToInstance(String instanceId, String settingKey, String credentialId, Long expectedVersion) {

    public BindToInstance(String instanceId, String settingKey, String credentialId) {
        this(instanceId, settingKey, credentialId, null);
    }
}
