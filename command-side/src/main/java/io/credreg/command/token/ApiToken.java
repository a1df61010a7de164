package io.credreg.command.token;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.IssueApiToken;
import io.credreg.api.token.ReplaceApiToken;
import io.credreg.api.token.RevokeApiToken;
import io.credreg.api.token.TokenRole;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

/**
 * An API token's life: issued, then maybe revoked, replaced or expired. Being an aggregate makes each an event in the
 * audit trail with the actor who did it; the token itself is never part of it, only its hash.
 */
@Aggregate(commandTargetResolver = ApiTokenTargetResolver.BEAN_NAME)
public class ApiToken {

    @AggregateIdentifier
    private String tokenId;
    private String name;
    private TokenRole role;
    private String instanceId;
    private Instant expiresAt;
    private boolean revoked;
    private String successorId;

    protected ApiToken() {
        // required by Axon to rebuild the aggregate from its events
    }

    /** A live token's name is unique (case aside), and no token may take the bootstrap admin's name. */
    @CommandHandler
    public ApiToken(IssueApiToken command, TokenDirectory directory) {
        directory.requireNameFree(command.name());
        apply(new ApiTokenIssued(command.tokenId(), command.name(), command.role(), command.instanceId(),
                command.tokenHash(), command.expiresAt()));
    }

    /** A successor takes its predecessor's name over, so it skips the name check its issue would make. */
    private ApiToken(ApiTokenIssued successor) {
        apply(successor);
    }

    /** Revoking twice changes nothing and records nothing; the answer is the same. */
    @CommandHandler
    public void handle(RevokeApiToken command) {
        revoke(null);
    }

    /** Revokes it as part of another command (the removal of its instance), saying why; twice records nothing. */
    public void revoke(String reason) {
        if (!revoked) {
            apply(new ApiTokenRevoked(tokenId, name, reason));
        }
    }

    /**
     * Issues the successor in this command's transaction and retires this token at the end of the grace period. A
     * token is replaced once: a second replacement would leave two successors to one name.
     */
    @CommandHandler
    public void handle(ReplaceApiToken command) throws Exception { // createNew declares it
        if (revoked) {
            throw new TokenNotReplaceableException(tokenId, "it has been revoked");
        }
        if (successorId != null) {
            throw new TokenNotReplaceableException(tokenId, "it has already been replaced by " + successorId);
        }
        if (expiresAt != null && !expiresAt.isAfter(GenericEventMessage.clock.instant())) {
            throw new TokenNotReplaceableException(tokenId, "it expired at " + expiresAt);
        }
        apply(new ApiTokenReplaced(tokenId, name, command.successorId(), command.retiresAt()));
        ApiTokenIssued successor = new ApiTokenIssued(command.successorId(), name, role, instanceId,
                command.successorHash(), command.successorExpiresAt());
        createNew(ApiToken.class, () -> new ApiToken(successor));
    }

    @EventSourcingHandler
    void on(ApiTokenIssued event) {
        tokenId = event.tokenId();
        name = event.name();
        role = event.role();
        instanceId = event.instanceId();
        expiresAt = event.expiresAt();
    }

    @EventSourcingHandler
    void on(ApiTokenRevoked event) {
        revoked = true;
    }

    @EventSourcingHandler
    void on(ApiTokenReplaced event) {
        successorId = event.successorId();
        expiresAt = expiresAt == null || expiresAt.isAfter(event.retiresAt()) ? event.retiresAt() : expiresAt;
    }
}
