package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** Any command on a deleted credential: it is gone for good. */
public class CredentialDeletedException extends RuleViolation {

    public CredentialDeletedException(String credentialId) {
        super(Kind.GONE, "credential-deleted", "credential " + credentialId + " has been deleted",
                Map.of("credentialId", credentialId));
    }
}
