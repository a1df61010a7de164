package io.credreg.command.lookup;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/**
 * Names are unique per provider among active credentials, compared without regard to case and by their confusable
 * skeleton, so that a look-alike counts as the same name.
 */
public class DuplicateNameException extends RuleViolation {

    public DuplicateNameException(String provider, String name, String existingCredentialId) {
        super("duplicate-name", "an active " + provider + " credential named '" + name + "' (or a name that looks the same) already exists: "
                + existingCredentialId, Map.of("existingCredentialId", existingCredentialId));
    }
}
