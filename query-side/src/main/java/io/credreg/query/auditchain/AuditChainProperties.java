package io.credreg.query.auditchain;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the audit chain is verified.
 *
 * @param auditVerifyBatchSize stored events read per query while the chain is verified
 */
@ConfigurationProperties("registry.query")
public record AuditChainProperties(@DefaultValue("1000") int auditVerifyBatchSize) {
}
