package io.credreg.platform.security;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.api.token.TokenRole;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A table of issued tokens, as both sides keep one (the command side's {@code api_token}, written with the events; the
 * query side's {@code qr_api_token}, projected). Both sides authenticate from it, so what "a token that still works"
 * means is written here once: not revoked, and not past its expiry (a replaced token's expiry is the end of its grace
 * period).
 * <p>
 * Every write converges, so a replay may run over rows that are already there: an issue writes the token's fields
 * but never its revocation or retirement, a revocation is only ever set, and a retirement only ever brings the expiry
 * closer.
 */
public final class TokenTable {

    /** A token as listed: never its value, which the registry does not have. */
    public record TokenEntry(String id, String name, TokenRole role, String instanceId, Instant createdAt,
                             Instant revokedAt, Instant expiresAt, String replacedBy) {

        /** {@code ACTIVE}, {@code REVOKED} or {@code EXPIRED} (a replaced token expires when its grace period ends). */
        public String status(Instant now) {
            if (revokedAt != null) {
                return "REVOKED";
            }
            return expiresAt != null && !expiresAt.isAfter(now) ? "EXPIRED" : "ACTIVE";
        }
    }

    private static final String COLUMNS =
            "token_id, name, role, instance_id, created_at, revoked_at, expires_at, replaced_by";
    private static final RowMapper<TokenEntry> ENTRY = (row, n) -> new TokenEntry(row.getString(1), row.getString(2),
            TokenRole.valueOf(row.getString(3)), row.getString(4), instant(row.getTimestamp(5)),
            instant(row.getTimestamp(6)), instant(row.getTimestamp(7)), row.getString(8));

    private final JdbcTemplate jdbc;
    private final String table;
    private final Clock clock;

    /** {@code table} is a constant of the caller's, never input. */
    public TokenTable(JdbcTemplate jdbc, String table, Clock clock) {
        this.jdbc = jdbc;
        this.table = table;
        this.clock = clock;
    }

    /** The principal of the token with this hash, if it still works now. */
    public Optional<TokenPrincipal> activeByHash(String tokenHash) {
        return jdbc.query("select token_id, name, role, instance_id from " + table
                        + " where token_hash = ? and revoked_at is null and (expires_at is null or expires_at > ?)",
                (row, n) -> new TokenPrincipal(row.getString(1), row.getString(2), TokenRole.valueOf(row.getString(3)),
                        row.getString(4)), tokenHash, Timestamp.from(clock.instant())).stream().findFirst();
    }

    public Optional<TokenEntry> byId(String tokenId) {
        return jdbc.query("select " + COLUMNS + " from " + table + " where token_id = ?", ENTRY, tokenId).stream()
                .findFirst();
    }

    public List<TokenEntry> all() {
        return jdbc.query("select " + COLUMNS + " from " + table + " order by created_at, token_id", ENTRY);
    }

    public Instant now() {
        return clock.instant();
    }

    /** An issue never moves an expiry later: a replay must not undo a retirement recorded after it. */
    public void issued(ApiTokenIssued event, Instant issuedAt) {
        int updated = jdbc.update("update " + table + " set name = ?, role = ?, instance_id = ?, token_hash = ?, "
                        + "created_at = ? where token_id = ?", event.name(), event.role().name(), event.instanceId(),
                event.tokenHash(), Timestamp.from(issuedAt), event.tokenId());
        if (updated == 0) {
            jdbc.update("insert into " + table + " (token_id, name, role, instance_id, token_hash, created_at, "
                            + "expires_at) values (?, ?, ?, ?, ?, ?, ?)", event.tokenId(), event.name(),
                    event.role().name(), event.instanceId(), event.tokenHash(), Timestamp.from(issuedAt),
                    timestamp(event.expiresAt()));
        } else if (event.expiresAt() != null) {
            expireBy(event.tokenId(), event.expiresAt());
        }
    }

    public void revoked(String tokenId, Instant revokedAt) {
        jdbc.update("update " + table + " set revoked_at = ? where token_id = ? and revoked_at is null",
                Timestamp.from(revokedAt), tokenId);
    }

    /** The grace period ends the token's life: its expiry becomes the earlier of the two. */
    public void replaced(ApiTokenReplaced event) {
        jdbc.update("update " + table + " set replaced_by = ? where token_id = ?", event.successorId(),
                event.tokenId());
        expireBy(event.tokenId(), event.retiresAt());
    }

    private void expireBy(String tokenId, Instant moment) {
        jdbc.update("update " + table + " set expires_at = ? where token_id = ? "
                + "and (expires_at is null or expires_at > ?)", Timestamp.from(moment), tokenId, Timestamp.from(moment));
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
