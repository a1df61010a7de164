package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** A resolution asked for a secret version the credential never had (404). */
public class SecretVersionNotFoundException extends RuleViolation {

    public SecretVersionNotFoundException(String credentialId, int secretVersion) {
        super(Kind.NOT_FOUND, "not-found", "credential " + credentialId + " has no secret version " + secretVersion,
                Map.of("credentialId", credentialId, "secretVersion", secretVersion));
    }
}
