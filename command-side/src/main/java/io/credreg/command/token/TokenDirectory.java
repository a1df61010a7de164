package io.credreg.command.token;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.TokenRole;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.platform.security.BootstrapAdminToken;
import io.credreg.platform.security.TokenAuthenticator;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tokens the command side authenticates against ({@code api_token}). Written by the subscribing lookups
 * processor, in the transaction that appends the token's events: a revocation is visible to every command node the
 * moment it commits.
 */
@Component
@ProcessingGroup(CommandLookups.PROCESSING_GROUP)
public class TokenDirectory {

    /** A token as listed: never its value, which the registry does not have. */
    public record TokenEntry(String id, String name, TokenRole role, String instanceId, Instant createdAt,
                             Instant revokedAt) {
    }

    private static final String COLUMNS = "token_id, name, role, instance_id, created_at, revoked_at";
    private static final RowMapper<TokenEntry> ENTRY = (row, n) -> new TokenEntry(row.getString(1), row.getString(2),
            TokenRole.valueOf(row.getString(3)), row.getString(4), instant(row.getTimestamp(5)),
            instant(row.getTimestamp(6)));

    private final JdbcTemplate jdbc;

    private final ObjectProvider<TokenAuthenticator> authenticator;

    public TokenDirectory(JdbcTemplate jdbc, ObjectProvider<TokenAuthenticator> authenticator) {
        this.jdbc = jdbc;
        this.authenticator = authenticator;
    }

    /** The active (not revoked) token with this hash. */
    public Optional<TokenEntry> activeByHash(String tokenHash) {
        return jdbc.query("select " + COLUMNS + " from api_token where token_hash = ? and revoked_at is null", ENTRY,
                tokenHash).stream().findFirst();
    }

    public Optional<TokenEntry> byId(String tokenId) {
        return jdbc.query("select " + COLUMNS + " from api_token where token_id = ?", ENTRY, tokenId).stream()
                .findFirst();
    }

    /**
     * Refuses a name the bootstrap admin goes by, or that a live token has; {@code live_name}'s unique index keeps
     * two racing issues from both getting it.
     */
    public void requireNameFree(String name) {
        if (name.equalsIgnoreCase(BootstrapAdminToken.PRINCIPAL)) {
            throw new TokenNameTakenException(name, null);
        }
        jdbc.queryForList("select token_id from api_token where live_name = ?", String.class, liveName(name))
                .stream().findFirst().ifPresent(holder -> {
                    throw new TokenNameTakenException(name, holder);
                });
    }

    /** The ids of the live tokens bound to an instance. */
    public List<String> liveTokensOf(String instanceId) {
        return jdbc.queryForList("select token_id from api_token where instance_id = ? and revoked_at is null "
                + "order by token_id", String.class, instanceId);
    }

    public List<TokenEntry> all() {
        return jdbc.query("select " + COLUMNS + " from api_token order by created_at, token_id", ENTRY);
    }

    @EventHandler
    void on(ApiTokenIssued event, @org.axonframework.eventhandling.Timestamp Instant issuedAt) {
        jdbc.update("insert into api_token (token_id, name, role, instance_id, token_hash, created_at, live_name) "
                        + "values (?, ?, ?, ?, ?, ?, ?)", event.tokenId(), event.name(), event.role().name(),
                event.instanceId(), event.tokenHash(), Timestamp.from(issuedAt), liveName(event.name()));
    }

    @EventHandler
    void on(ApiTokenRevoked event, @org.axonframework.eventhandling.Timestamp Instant revokedAt) {
        jdbc.update("update api_token set revoked_at = ?, live_name = null where token_id = ? and revoked_at is null",
                Timestamp.from(revokedAt), event.tokenId());
        // this node's reused lookups would otherwise accept the token for up to token-cache-ttl; forgotten after the
        // commit, so that no request can cache the row as it was before it
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(done -> forgetReusedLookups()));
        if (!CurrentUnitOfWork.isStarted()) {
            forgetReusedLookups();
        }
    }

    private void forgetReusedLookups() {
        authenticator.ifAvailable(TokenAuthenticator::forgetAll);
    }

    private static String liveName(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
