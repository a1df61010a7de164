package io.credreg.query.security;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.platform.security.TokenLookup;
import io.credreg.platform.security.TokenPrincipal;
import io.credreg.platform.security.TokenTable;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The query side's own copy of the issued tokens ({@code qr_api_token}), projected from the token events by a pooled
 * processor that polls the event store every 100 ms. It is where the shared authentication finds the query side's
 * tokens; a revocation that committed but is not projected yet is found in the event store
 * ({@link RevocationsInTheEventStore}), so it holds on every query node as it does on every command node.
 * <p>
 * A replay does not empty this table: authentication reads it while the replay runs, and an emptied table would bring
 * every revoked token back between its issue and its revocation. Nothing is lost by keeping it, because both handlers
 * converge ({@link TokenTable}): an issue writes the token's fields but never its revocation, a revocation is only
 * ever set and a replacement only brings the expiry closer. A replay thus repairs names, roles and missing rows, and a
 * revoked token stays revoked throughout.
 */
@Component
@ProcessingGroup(TokenProjection.PROCESSING_GROUP)
public class TokenProjection implements TokenLookup {

    public static final String PROCESSING_GROUP = "api-tokens";

    private final TokenTable table;
    private final RevocationsInTheEventStore revocations;

    TokenProjection(JdbcTemplate jdbc, RevocationsInTheEventStore revocations) {
        this.table = new TokenTable(jdbc, "qr_api_token", Clock.systemUTC());
        this.revocations = revocations;
    }

    /**
     * The token with this hash, if it is neither revoked nor expired: as projected, and not revoked in the event
     * store, where a revocation is visible from its commit on even while this processor is behind.
     */
    @Override
    public Optional<TokenPrincipal> activeByHash(String tokenHash) {
        return table.activeByHash(tokenHash).filter(principal -> !revocations.revoked(principal.tokenId()));
    }

    @EventHandler
    void on(ApiTokenIssued event, @org.axonframework.eventhandling.Timestamp Instant issuedAt) {
        table.issued(event, issuedAt);
    }

    @EventHandler
    void on(ApiTokenRevoked event, @org.axonframework.eventhandling.Timestamp Instant revokedAt) {
        table.revoked(event.tokenId(), revokedAt);
    }

    @EventHandler
    void on(ApiTokenReplaced event) {
        table.replaced(event);
    }

    /** Keeps every row: see the class comment. */
    @ResetHandler
    void reset() {
        // deliberately empty: deleting the rows would let revoked tokens authenticate until their revocation replays
    }
}
