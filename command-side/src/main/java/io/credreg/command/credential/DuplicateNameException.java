package io.credreg.command.credential;

import io.credreg.command.RuleViolation;

import java.util.Map;

/** Names are unique per provider among active credentials, compared without regard to case. */
public class DuplicateNameException extends RuleViolation {

    public DuplicateNameException(String provider, String name, String existingCredentialId) {
        super("duplicate-name", "an active " + provider + " credential named '" + name + "' already exists: "
                + existingCredentialId, Map.of("existingCredentialId", existingCredentialId));
    }
}
