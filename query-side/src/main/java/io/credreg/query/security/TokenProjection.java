package io.credreg.query.security;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.TokenRole;
import io.credreg.platform.security.TokenLookup;
import io.credreg.platform.security.TokenPrincipal;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * The query side's own copy of the issued tokens ({@code qr_api_token}), projected from the token events by a pooled
 * processor that polls the event store every 100 ms: a revocation stops a token on every query node within about
 * that, plus the batch's commit. It is where the shared authentication finds the query side's tokens.
 * <p>
 * A replay does not empty this table: authentication reads it while the replay runs, and an emptied table would bring
 * every revoked token back between its issue and its revocation. Nothing is lost by keeping it, because both handlers
 * converge: an issue writes the token's fields but never its revocation, and a revocation is only ever set. A replay
 * thus repairs names, roles and missing rows, and a revoked token stays revoked throughout.
 */
@Component
@ProcessingGroup(TokenProjection.PROCESSING_GROUP)
public class TokenProjection implements TokenLookup {

    public static final String PROCESSING_GROUP = "api-tokens";

    private final JdbcTemplate jdbc;

    TokenProjection(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The active (not revoked) token with this hash. */
    @Override
    public Optional<TokenPrincipal> activeByHash(String tokenHash) {
        return jdbc.query("select token_id, name, role, instance_id from qr_api_token "
                        + "where token_hash = ? and revoked_at is null",
                (row, n) -> new TokenPrincipal(row.getString(1), row.getString(2), TokenRole.valueOf(row.getString(3)),
                        row.getString(4)), tokenHash).stream().findFirst();
    }

    @EventHandler
    void on(ApiTokenIssued event, @org.axonframework.eventhandling.Timestamp Instant issuedAt) {
        int updated = jdbc.update("update qr_api_token set name = ?, role = ?, instance_id = ?, token_hash = ?, "
                        + "created_at = ? where token_id = ?", event.name(), event.role().name(), event.instanceId(),
                event.tokenHash(), Timestamp.from(issuedAt), event.tokenId()); // revoked_at stays as it is
        if (updated == 0) {
            jdbc.update("insert into qr_api_token (token_id, name, role, instance_id, token_hash, created_at) "
                            + "values (?, ?, ?, ?, ?, ?)", event.tokenId(), event.name(), event.role().name(),
                    event.instanceId(), event.tokenHash(), Timestamp.from(issuedAt));
        }
    }

    @EventHandler
    void on(ApiTokenRevoked event, @org.axonframework.eventhandling.Timestamp Instant revokedAt) {
        jdbc.update("update qr_api_token set revoked_at = ? where token_id = ? and revoked_at is null",
                Timestamp.from(revokedAt), event.tokenId());
    }

    /** Keeps every row: see the class comment. */
    @ResetHandler
    void reset() {
        // deliberately empty: deleting the rows would let revoked tokens authenticate until their revocation replays
    }
}
