package io.credreg.query.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the audit log keeps its watermark.
 *
 * @param tokenStoreInterval how often an audit segment without events of its own stores its position
 */
@ConfigurationProperties("registry.query.audit")
public record AuditProperties(@DefaultValue("500ms") Duration tokenStoreInterval) {
}
