package io.credreg.query.auditchain;

import io.credreg.api.auditchain.ChainVerification;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AuditChainController {

    private final AuditChainVerifier verifier;

    AuditChainController(AuditChainVerifier verifier) {
        this.verifier = verifier;
    }

    /** Always 200: a broken chain is a finding the answer reports, not a failure of the request. */
    @GetMapping(path = "/api/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    ChainVerification verify() {
        return verifier.verify();
    }
}
