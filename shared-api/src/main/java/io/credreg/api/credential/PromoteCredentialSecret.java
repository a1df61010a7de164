package io.credreg.api.credential;

/**
 * Makes the pending version current. {@code pendingVersion}, when not null, is the pending version the sender means
 * (the poller always names it): a promotion of a version that is no longer pending does nothing, so promotions sent
 * by several nodes happen once. {@code trigger} says why ({@code MANUAL} for the endpoint).
 */
public record PromoteCredentialSecret(String credentialId, Integer pendingVersion, PromotionTrigger trigger,
                                      Long expectedVersion) implements CredentialCommand {
}
