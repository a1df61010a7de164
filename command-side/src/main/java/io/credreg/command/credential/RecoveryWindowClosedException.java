package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A restore of a credential whose deletion had no recovery window, or whose window has ended (by the clock, whether
 * or not the purge has run yet): its secret is gone, or about to be, for good.
 */
public class RecoveryWindowClosedException extends RuleViolation {

    public RecoveryWindowClosedException(String credentialId, Instant restorableUntil) {
        super(Kind.GONE, "recovery-window-closed", restorableUntil == null
                        ? "credential " + credentialId + " was deleted without a recovery window and cannot be restored"
                        : "the recovery window of credential " + credentialId + " ended at " + restorableUntil,
                details(credentialId, restorableUntil));
    }

    private static Map<String, Object> details(String credentialId, Instant restorableUntil) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("credentialId", credentialId);
        if (restorableUntil != null) {
            details.put("restorableUntil", restorableUntil.toString());
        }
        return details;
    }
}
