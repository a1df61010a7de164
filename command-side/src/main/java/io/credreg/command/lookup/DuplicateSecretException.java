package io.credreg.command.lookup;

import io.credreg.command.rule.RuleViolation;

import java.time.Instant;
import java.util.Map;

/** Invariant 3: a secret already held by an active credential is shared, not registered twice. */
public class DuplicateSecretException extends RuleViolation {

    public DuplicateSecretException(String existingCredentialId) {
        super("duplicate-secret", "this secret is already registered as credential " + existingCredentialId
                + "; bind that credential instead of registering the secret again",
                Map.of("existingCredentialId", existingCredentialId));
    }

    private DuplicateSecretException(String existingCredentialId, Instant restorableUntil) {
        super("duplicate-secret", "this secret belongs to credential " + existingCredentialId + ", deleted but "
                        + "restorable until " + restorableUntil + "; restore it instead of registering the secret again",
                Map.of("existingCredentialId", existingCredentialId, "restorableUntil", restorableUntil.toString(),
                        "restore", "/api/credentials/" + existingCredentialId + "/restore"));
    }

    /** The secret's credential is deleted but within its recovery window (decision 0200): restore that one. */
    public static DuplicateSecretException heldInRecoveryWindow(String existingCredentialId, Instant restorableUntil) {
        return new DuplicateSecretException(existingCredentialId, restorableUntil);
    }
}
