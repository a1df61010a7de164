package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** A resolution asked for a secret version whose data key has been destroyed (410). */
public class SecretVersionRetiredException extends RuleViolation {

    public SecretVersionRetiredException(String credentialId, int secretVersion, int currentVersion) {
        super(Kind.GONE, "secret-version-retired", "version " + secretVersion + " of credential " + credentialId
                + " has been retired; the current version is " + currentVersion,
                Map.of("credentialId", credentialId, "secretVersion", secretVersion, "currentVersion", currentVersion));
    }
}
