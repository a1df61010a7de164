package io.credreg.api.credential;

import java.time.Instant;

/**
 * The credential was deleted. One {@link io.credreg.api.binding.SettingUnbound} with reason
 * {@code CREDENTIAL_DELETED} follows for each of its {@code bindingCount} bindings, each caused by this event.
 * {@code fingerprint} is null in events written since docs/decisions/0060: nothing left may confirm a guess.
 * <p>
 * {@code restorableUntil} is null for a deletion that destroyed the data key ({@code destroyedDataKeyId}) at once. When
 * set (decision 0200), the data key survives until that instant, {@code destroyedDataKeyId} is null, and either a
 * {@link CredentialRestored} or, once the window has ended, a {@link CredentialPurged} follows.
 */
public record CredentialDeleted(String credentialId, String name, String provider, String fingerprint,
                                String destroyedDataKeyId, int bindingCount, Instant restorableUntil) {

    public CredentialDeleted(String credentialId, String name, String provider, String fingerprint,
                             String destroyedDataKeyId, int bindingCount) {
        this(credentialId, name, provider, fingerprint, destroyedDataKeyId, bindingCount, null);
    }

    /** True when the deletion left the data key in place for a recovery window. */
    public boolean restorable() {
        return restorableUntil != null;
    }
}
