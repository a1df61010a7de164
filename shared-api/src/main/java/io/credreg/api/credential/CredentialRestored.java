package io.credreg.api.credential;

import io.credreg.api.binding.SettingRef;

import java.util.List;

/**
 * A credential deleted with a recovery window is active again, with the secret it had ({@code secret}, ciphertext
 * only, as in {@link CredentialCreated}). One {@link io.credreg.api.binding.SettingBound} follows for each setting in
 * {@code rebound}, each caused by this event; {@code notRebound} are the settings the deletion unbound that could not
 * be bound again (another credential holds them, or their instance was removed).
 */
public record CredentialRestored(String credentialId, String name, String provider, SecretEnvelope secret,
                                 int secretVersion, List<SettingRef> rebound, List<SettingRef> notRebound) {

    public CredentialRestored {
        rebound = List.copyOf(rebound);
        notRebound = List.copyOf(notRebound);
    }
}
