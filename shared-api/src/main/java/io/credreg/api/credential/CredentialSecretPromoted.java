package io.credreg.api.credential;

/**
 * The pending version {@code secretVersion} became current; {@code previousVersion} (data key
 * {@code previousDataKeyId}) stays resolvable by asking for it for {@code graceSeconds} after this event, then a
 * {@link SecretVersionRetired} destroys its data key (at once, in the same transaction, when the grace is 0).
 */
public record CredentialSecretPromoted(String credentialId, int secretVersion, String secretHint, int previousVersion,
                                       String previousDataKeyId, long graceSeconds, PromotionTrigger trigger) {
}
