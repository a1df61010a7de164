package io.credreg.command.importing;

import io.credreg.api.binding.SettingRef;

import java.util.Map;
import java.util.Set;

/**
 * What the registry already holds, as far as the import needs to know: the active credentials holding the source's
 * keys (found by fingerprint, like the duplicate-secret rule finds them), the names taken among active OpenAI
 * credentials (compared as {@code CommandLookups.nameKey}) and which credential each OpenAI setting holds.
 *
 * @param fingerprintsKnown false when there is no master key yet, so no fingerprint could be computed (a dry run
 *                          before the registry ever started): then no key can be registered already
 */
record TargetState(boolean fingerprintsKnown, Map<String, Existing> byFingerprint, Set<String> takenNameKeys,
                   Map<SettingRef, String> slots) {

    TargetState {
        byFingerprint = Map.copyOf(byFingerprint);
        takenNameKeys = Set.copyOf(takenNameKeys);
        slots = Map.copyOf(slots);
    }

    static TargetState empty(boolean fingerprintsKnown) {
        return new TargetState(fingerprintsKnown, Map.of(), Set.of(), Map.of());
    }

    /** An active credential of the registry; {@code provider} may be null if its name row is missing. */
    record Existing(String credentialId, String provider) {
    }
}
