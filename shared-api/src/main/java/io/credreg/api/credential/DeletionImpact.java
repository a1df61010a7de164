package io.credreg.api.credential;

import io.credreg.api.binding.SettingRef;

import java.time.Instant;
import java.util.List;

/**
 * {@code recoveryWindowDays} is the window a deletion gets by default (decision 0200; 0: its data key is destroyed at
 * once); {@code restorableUntil} is set when the credential is already deleted and can still be restored.
 * <p>
 * The settings a deletion of the credential would unbind now, and the credential's version they were read at (the
 * {@code If-Match} that makes the deletion refuse to run if anything changed since; null until a row has one).
 */
public record DeletionImpact(String credentialId, List<SettingRef> settings, Long version,
                             Integer recoveryWindowDays, Instant restorableUntil) {

    public DeletionImpact(String credentialId, List<SettingRef> settings, Long version) {
        this(credentialId, settings, version, null, null);
    }
}
