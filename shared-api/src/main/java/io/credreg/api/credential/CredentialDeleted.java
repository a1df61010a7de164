package io.credreg.api.credential;

/**
 * The credential was deleted and its data key destroyed. One {@link io.credreg.api.binding.SettingUnbound} with
 * reason {@code CREDENTIAL_DELETED} follows for each of its {@code bindingCount} bindings, each caused by this event.
 */
public record CredentialDeleted(String credentialId, String name, String provider, String fingerprint,
                                String destroyedDataKeyId, int bindingCount) {
}
