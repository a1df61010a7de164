package io.credreg.command.secret;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The master keys and how a rotation between them proceeds. The keys are secrets: {@link #toString()} never shows
 * them, so neither a log line nor a failure analysis can.
 *
 * @param masterKey         the master key new keys are wrapped with; when empty, one is generated into the data
 *                          directory on first start ({@code REGISTRY_MASTER_KEY})
 * @param previousMasterKey the master key being rotated away from; empty when no rotation is under way
 * @param masterKeyRotation how a rotation re-wraps the stored keys
 */
@ConfigurationProperties("registry")
public record MasterKeyProperties(@DefaultValue("") String masterKey, @DefaultValue("") String previousMasterKey,
                                  @DefaultValue Rotation masterKeyRotation) {

    /**
     * @param batchSize keys re-wrapped per transaction: small, so that a rotation never holds locks for long
     */
    public record Rotation(@DefaultValue("200") int batchSize) {
    }

    @Override
    public String toString() {
        return "MasterKeyProperties[masterKey=" + (masterKey.isEmpty() ? "" : "***") + ", previousMasterKey="
                + (previousMasterKey.isEmpty() ? "" : "***") + ", masterKeyRotation=" + masterKeyRotation + "]";
    }
}
