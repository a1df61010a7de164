package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.time.Instant;
import java.util.Map;

/** A purge before the recovery window has ended: the credential can still be restored, so its key must survive. */
public class RecoveryWindowOpenException extends RuleViolation {

    public RecoveryWindowOpenException(String credentialId, Instant restorableUntil) {
        super("recovery-window-open", "credential " + credentialId + " can be restored until " + restorableUntil
                + "; it is purged only after that", Map.of("credentialId", credentialId,
                "restorableUntil", restorableUntil.toString()));
    }
}
