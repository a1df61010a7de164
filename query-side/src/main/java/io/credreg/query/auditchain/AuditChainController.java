package io.credreg.query.auditchain;

import io.credreg.api.auditchain.ChainVerification;
import io.credreg.api.auditchain.VerifyAuditChain;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class AuditChainController {

    private final QueryGateway queries;

    AuditChainController(QueryGateway queries) {
        this.queries = queries;
    }

    /** Always 200: a broken chain is a finding the answer reports, not a failure of the request. */
    @GetMapping(path = "/api/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    ChainVerification verify() {
        return queries.query(new VerifyAuditChain(), ResponseTypes.instanceOf(ChainVerification.class)).join();
    }
}
