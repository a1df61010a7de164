package io.credreg.command.token;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.platform.security.BootstrapAdminToken;
import io.credreg.platform.security.TokenAuthenticator;
import io.credreg.platform.security.TokenPrincipal;
import io.credreg.platform.security.TokenTable;
import io.credreg.platform.security.TokenTable.TokenEntry;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tokens the command side authenticates against ({@code api_token}). Written by the subscribing lookups
 * processor, in the transaction that appends the token's events: a revocation or replacement is visible to every
 * command node the moment it commits.
 * <p>
 * Besides the {@link TokenTable} both sides share, it keeps {@code live_name}: the name a token holds while it can
 * still be used, whose unique index keeps two live tokens from sharing a name.
 */
@Component
@ProcessingGroup(CommandLookups.PROCESSING_GROUP)
public class TokenDirectory {

    private final JdbcTemplate jdbc;
    private final TokenTable table;
    private final ObjectProvider<TokenAuthenticator> authenticator;

    public TokenDirectory(JdbcTemplate jdbc, ObjectProvider<TokenAuthenticator> authenticator) {
        this.jdbc = jdbc;
        this.table = new TokenTable(jdbc, "api_token", Clock.systemUTC());
        this.authenticator = authenticator;
    }

    /** The principal of the token with this hash, if it is neither revoked nor expired. */
    public Optional<TokenPrincipal> activeByHash(String tokenHash) {
        return table.activeByHash(tokenHash);
    }

    public Optional<TokenEntry> byId(String tokenId) {
        return table.byId(tokenId);
    }

    public List<TokenEntry> all() {
        return table.all();
    }

    public Instant now() {
        return table.now();
    }

    /**
     * Refuses a name the bootstrap admin goes by, or that a live token has; {@code live_name}'s unique index keeps
     * two racing issues from both getting it. An expired token no longer holds its name.
     */
    public void requireNameFree(String name) {
        if (name.equalsIgnoreCase(BootstrapAdminToken.PRINCIPAL)) {
            throw new TokenNameTakenException(name, null);
        }
        jdbc.queryForList("select token_id from api_token where live_name = ? "
                        + "and (expires_at is null or expires_at > ?)", String.class, liveName(name),
                Timestamp.from(table.now())).stream().findFirst().ifPresent(holder -> {
                    throw new TokenNameTakenException(name, holder);
                });
    }

    /** The ids of the live tokens bound to an instance (an expired one is over already and is left alone). */
    public List<String> liveTokensOf(String instanceId) {
        return jdbc.queryForList("select token_id from api_token where instance_id = ? and revoked_at is null "
                + "and (expires_at is null or expires_at > ?) order by token_id", String.class, instanceId,
                Timestamp.from(table.now()));
    }

    /** An expired holder of the name lets go of it first (as of the issue, so a replay decides the same). */
    @EventHandler
    void on(ApiTokenIssued event, @org.axonframework.eventhandling.Timestamp Instant issuedAt) {
        jdbc.update("update api_token set live_name = null where live_name = ? and expires_at <= ?",
                liveName(event.name()), Timestamp.from(issuedAt));
        table.issued(event, issuedAt);
        jdbc.update("update api_token set live_name = ? where token_id = ? and revoked_at is null",
                liveName(event.name()), event.tokenId());
    }

    @EventHandler
    void on(ApiTokenRevoked event, @org.axonframework.eventhandling.Timestamp Instant revokedAt) {
        table.revoked(event.tokenId(), revokedAt);
        jdbc.update("update api_token set live_name = null where token_id = ?", event.tokenId());
        forgetReusedLookupsAfterCommit();
    }

    /** The successor, issued in the same transaction right after this event, takes the name over. */
    @EventHandler
    void on(ApiTokenReplaced event) {
        table.replaced(event);
        jdbc.update("update api_token set live_name = null where token_id = ?", event.tokenId());
        forgetReusedLookupsAfterCommit();
    }

    /**
     * This node's reused lookups would otherwise accept the token as it was for up to token-cache-ttl; forgotten
     * after the commit, so that no request can cache the row as it was before it. Inside a request with an
     * idempotency key the unit of work completes before the request's transaction commits (decision 0140), so they
     * are forgotten once more when that transaction commits.
     */
    private void forgetReusedLookupsAfterCommit() {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(done -> forgetReusedLookups());
        } else {
            forgetReusedLookups();
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    forgetReusedLookups();
                }
            });
        }
    }

    private void forgetReusedLookups() {
        authenticator.ifAvailable(TokenAuthenticator::forgetAll);
    }

    private static String liveName(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
