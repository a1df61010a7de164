package io.credreg.query.auditchain;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Chains every event, whatever its type, in the order the processor receives them. The processor has a single
 * segment (see application.yml), so that order is one total order over the whole store: the global order, which is
 * commit order (decision 0120), so a replay reproduces the chain and its head hash. The chain records its own order
 * (its positions), and verification follows it.
 * <p>
 * The chain hashes rows of {@code domain_event_entry}, so it exists only on the relational event store: with Axon
 * Server (the optional profile) neither the chain nor {@code GET /api/audit/verify} is there.
 */
@Component
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
@ProcessingGroup(AuditChainProjection.PROCESSING_GROUP)
public class AuditChainProjection {

    public static final String PROCESSING_GROUP = "audit-chain";

    private final AuditChainWriter chain;

    AuditChainProjection(AuditChainWriter chain) {
        this.chain = chain;
    }

    /** Any payload type; the payload itself is never deserialized, the chain reads the stored row. */
    @EventHandler(payloadType = Object.class)
    void on(EventMessage<?> message, TrackingToken token) {
        chain.append(message.getIdentifier(), positionOf(token));
    }

    /** Where in the store the processor is: only a hint for reading rows ahead, never part of the chain. */
    private static Long positionOf(TrackingToken token) {
        if (token == null) {
            return null;
        }
        return WrappedToken.unwrap(token, GapAwareTrackingToken.class).map(GapAwareTrackingToken::getIndex)
                .orElseGet(() -> WrappedToken.unwrapUpperBound(token).position().stream().boxed().findFirst()
                        .orElse(null));
    }

    @ResetHandler
    void reset() {
        chain.clear();
    }
}
