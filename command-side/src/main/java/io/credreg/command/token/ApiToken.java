package io.credreg.command.token;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.IssueApiToken;
import io.credreg.api.token.RevokeApiToken;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An API token's life: issued, then maybe revoked. Being an aggregate makes both an event in the audit trail with the
 * actor who did it; the token itself is never part of it, only its hash.
 */
@Aggregate(commandTargetResolver = ApiTokenTargetResolver.BEAN_NAME)
public class ApiToken {

    @AggregateIdentifier
    private String tokenId;
    private String name;
    private boolean revoked;

    protected ApiToken() {
        // required by Axon to rebuild the aggregate from its events
    }

    /** A live token's name is unique (case aside), and no token may take the bootstrap admin's name. */
    @CommandHandler
    public ApiToken(IssueApiToken command, TokenDirectory directory) {
        directory.requireNameFree(command.name());
        apply(new ApiTokenIssued(command.tokenId(), command.name(), command.role(), command.instanceId(),
                command.tokenHash()));
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

    @EventSourcingHandler
    void on(ApiTokenIssued event) {
        tokenId = event.tokenId();
        name = event.name();
    }

    @EventSourcingHandler
    void on(ApiTokenRevoked event) {
        revoked = true;
    }
}
