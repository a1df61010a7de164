package io.credreg.query.audit;

import io.credreg.api.audit.AuditPage;
import io.credreg.api.audit.CorrelatedEntries;
import io.credreg.api.audit.FindAuditEntries;
import io.credreg.api.audit.FindCorrelatedEntries;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

@Component
class AuditQueryHandler {

    private final AuditLog log;

    AuditQueryHandler(AuditLog log) {
        this.log = log;
    }

    @QueryHandler
    AuditPage handle(FindAuditEntries query) {
        return log.page(query.filter(), query.afterSequence(), query.limit());
    }

    @QueryHandler
    CorrelatedEntries handle(FindCorrelatedEntries query) {
        return new CorrelatedEntries(log.correlated(query.correlationId()));
    }
}
