package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/**
 * A plain rotation while a version is pending (409): it would make a version current that consumers were told is
 * not the next one. Promote the pending version, or stage the new secret in its place.
 */
public class PendingVersionExistsException extends RuleViolation {

    public PendingVersionExistsException(String credentialId, int pendingVersion) {
        super("pending-version-exists", "credential " + credentialId + " has pending secret version "
                + pendingVersion + "; promote it, or stage the new secret to replace it",
                Map.of("credentialId", credentialId, "pendingVersion", pendingVersion));
    }
}
