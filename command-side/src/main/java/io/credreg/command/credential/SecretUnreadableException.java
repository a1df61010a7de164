package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/**
 * The envelope a credential holds does not decrypt as that credential's current version: it was sealed for another
 * credential or version and moved or replayed into this stream, or altered. It is never served.
 */
public class SecretUnreadableException extends RuleViolation {

    public SecretUnreadableException(String credentialId, int secretVersion) {
        super("secret-unreadable", "the stored secret of credential " + credentialId + " does not decrypt as version "
                + secretVersion + " of this credential; it is not served", Map.of("credentialId", credentialId,
                "secretVersion", secretVersion));
    }
}
