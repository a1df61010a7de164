package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/**
 * A new secret was sealed for a version that is no longer the next one: another rotation committed in between. The
 * service seals again for the version this names; a client only sees it when that keeps happening.
 */
public class SecretVersionMovedException extends RuleViolation {

    private final int currentVersion;

    public SecretVersionMovedException(String credentialId, int sealedFor, int currentVersion) {
        super("concurrent-modification", "the new secret of credential " + credentialId + " was sealed as version "
                + sealedFor + ", but the current version is " + currentVersion + "; retry the request",
                Map.of("credentialId", credentialId));
        this.currentVersion = currentVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }
}
