package io.credreg.api.credential;

import java.time.Instant;

/**
 * A setting bound to a credential, and the secret version its consumer last resolved and when (null until it has):
 * who still uses an old key (decision 0210).
 */
public record CredentialConsumer(String instanceId, String settingKey, Integer lastResolvedVersion,
                                 Instant lastResolvedAt) {
}
