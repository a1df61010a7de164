package io.credreg.api.credential;

/**
 * Stages a new secret as the credential's pending version (decision 0210): consumers keep the current version until
 * the pending one is promoted. {@code secret} is sealed for the version after the highest one the credential has
 * used; staging again while a version is pending replaces it (its data key is destroyed) with a newer version.
 *
 * @param promotion          when the pending version becomes current
 * @param promoteAfterSeconds for {@link StagedPromotion#AFTER}: seconds after staging; otherwise null
 * @param graceSeconds       how long the version it replaces stays resolvable once this one is promoted; 0 destroys
 *                           its data key at promotion
 * @param expectedVersion    the {@code If-Match} of the request, or null
 */
public record StageCredentialSecret(String credentialId, SealedSecret secret, StagedPromotion promotion,
                                    Long promoteAfterSeconds, long graceSeconds, Long expectedVersion)
        implements CredentialCommand {
}
