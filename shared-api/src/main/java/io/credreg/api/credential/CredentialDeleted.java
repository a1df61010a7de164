package io.credreg.api.credential;

/**
 * The credential was deleted and its data key destroyed. One {@link io.credreg.api.binding.SettingUnbound} with
 * reason {@code CREDENTIAL_DELETED} follows for each of its {@code bindingCount} bindings, each caused by this event.
 * {@code fingerprint} is null in events written since docs/decisions/0060: nothing left may confirm a guess.
 */
public record CredentialDeleted(String credentialId, String name, String provider, String fingerprint,
                                String destroyedDataKeyId, int bindingCount) {
}
