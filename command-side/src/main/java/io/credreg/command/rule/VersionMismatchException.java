package io.credreg.command.rule;

import java.util.Map;

/**
 * A command sent with an expected version ({@code If-Match}) that is no longer the current one: someone else changed
 * the credential since the caller read it. Final, never retried: a retry would run the stale request against a state
 * its author never saw. Answered 412 with the current version, so the client can read again and decide.
 */
public class VersionMismatchException extends RuleViolation {

    private final long currentVersion;

    public VersionMismatchException(String credentialId, long expectedVersion, long currentVersion) {
        super(Kind.PRECONDITION_FAILED, "version-mismatch", "credential " + credentialId + " is at version "
                        + currentVersion + ", not at version " + expectedVersion + " the request expects (If-Match)",
                Map.of("credentialId", credentialId, "expectedVersion", expectedVersion,
                        "currentVersion", currentVersion));
        this.currentVersion = currentVersion;
    }

    public long currentVersion() {
        return currentVersion;
    }
}
