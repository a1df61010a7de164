package io.credreg.api.audit;

import java.util.List;

/** A page of the audit log; {@code next} is the cursor of the following page, {@code null} after the last one. */
public record AuditPage(List<AuditEntry> items, String next) {
}
