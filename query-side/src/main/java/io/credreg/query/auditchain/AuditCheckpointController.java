package io.credreg.query.auditchain;

import io.credreg.api.auditchain.AuditCheckpoint;
import io.credreg.platform.web.ProblemType;
import io.credreg.query.web.ConflictException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.util.List;

/**
 * Signed checkpoints of the audit chain: listed for admins and auditors (to keep outside the registry), signed on
 * request by an admin (besides the schedule).
 */
@RestController
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class AuditCheckpointController {

    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 500;

    private final AuditCheckpoints checkpoints;

    AuditCheckpointController(AuditCheckpoints checkpoints) {
        this.checkpoints = checkpoints;
    }

    @GetMapping(path = "/api/audit/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    List<AuditCheckpoint> list(@RequestParam(required = false) String limit) {
        return checkpoints.list(limit(limit));
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit.matches("[0-9]{1,3}")) {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        }
        throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                "'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    /** 200 with the newest checkpoint (new, or the one that already covers the head); 204 for an empty chain. */
    @PostMapping(path = "/api/audit/checkpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<AuditCheckpoint> sign() {
        try {
            return checkpoints.checkpoint().map(ResponseEntity::ok).orElseGet(() -> ResponseEntity.noContent().build());
        } catch (AuditCheckpoints.ChainBrokenException e) {
            throw new ConflictException(ProblemType.AUDIT_CHAIN_BROKEN, e.getMessage());
        }
    }
}
