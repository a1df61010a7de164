package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** A promotion, or a resolution of the pending version, of a credential that has no pending version (409). */
public class NoPendingVersionException extends RuleViolation {

    public NoPendingVersionException(String credentialId) {
        super("no-pending-version", "credential " + credentialId + " has no pending secret version",
                Map.of("credentialId", credentialId));
    }
}
