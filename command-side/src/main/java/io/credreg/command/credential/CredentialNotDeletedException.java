package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** A restore (or a purge) of a credential that is not deleted: there is nothing to undo. */
public class CredentialNotDeletedException extends RuleViolation {

    public CredentialNotDeletedException(String credentialId) {
        super("credential-not-deleted", "credential " + credentialId + " is not deleted, so there is nothing to restore",
                Map.of("credentialId", credentialId));
    }
}
