package io.credreg.command.lookup;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** Invariant 3: a secret already held by an active credential is shared, not registered twice. */
public class DuplicateSecretException extends RuleViolation {

    public DuplicateSecretException(String existingCredentialId) {
        super("duplicate-secret", "this secret is already registered as credential " + existingCredentialId
                + "; bind that credential instead of registering the secret again",
                Map.of("existingCredentialId", existingCredentialId));
    }
}
