package io.credreg.query.audit;

import io.credreg.api.audit.AuditEntry;
import io.credreg.api.audit.AuditFilter;
import io.credreg.api.audit.AuditPage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the audit log. Every filter is a plain equality or range on an indexed column followed by the global
 * sequence, so a page is an index range scan that stops after {@code limit + 1} rows (the extra row says whether a
 * next page exists), however long the log is. Public only so that web slice tests can replace it.
 */
@Component
public class AuditLog {

    /** Rows a forward-only export cursor fetches at a time: memory stays flat however many rows match. */
    static final int EXPORT_FETCH_SIZE = 1_000;

    private static final String COLUMNS = "global_sequence, event_type, occurred_at, actor, reason, credential_id,"
            + " credential_name, provider, previous_name, instance_id, setting_key, secret_version, correlation_id,"
            + " causation_id, token_id, token_name, token_role, actor_token_id, actor_role";
    private static final RowMapper<AuditEntry> ENTRY = (row, i) -> entry(row);

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;
    private final TransactionTemplate readOnly;
    private final AuditWatermark watermark;

    AuditLog(DataSource dataSource, PlatformTransactionManager transactions, AuditWatermark watermark) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(EXPORT_FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(fetching);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.watermark = watermark;
    }

    AuditPage page(AuditFilter filter, long afterSequence, int limit) {
        Query query = Query.of(filter, afterSequence, watermark.completeUpTo());
        query.parameters.addValue("limit", limit + 1);
        List<AuditEntry> rows = jdbc.query(query.sql() + " limit :limit", query.parameters, ENTRY);
        if (rows.size() <= limit) {
            return new AuditPage(rows, null);
        }
        List<AuditEntry> items = List.copyOf(rows.subList(0, limit));
        return new AuditPage(items, AuditCursor.after(items.get(limit - 1).sequence()));
    }

    /** Everything recorded with this correlation id, in sequence order (a request's events are few, or one cascade). */
    List<AuditEntry> correlated(String correlationId) {
        return jdbc.query("select " + COLUMNS + " from qr_audit_entry where correlation_id = :correlationId"
                        + " order by global_sequence",
                new MapSqlParameterSource("correlationId", correlationId), ENTRY);
    }

    /**
     * Hands every matching entry to {@code sink}, in sequence order, from one forward-only cursor. On PostgreSQL the
     * driver fetches {@value #EXPORT_FETCH_SIZE} rows at a time only with auto-commit off, hence the (read-only)
     * transaction; without it the driver would read the whole result into memory first.
     *
     * @return how many entries were exported
     */
    long export(AuditFilter filter, long afterSequence, Consumer<AuditEntry> sink) {
        Query query = Query.of(filter, afterSequence, watermark.completeUpTo());
        Long count = readOnly.execute(status -> {
            long[] exported = {0};
            streaming.query(query.sql(), query.parameters, row -> {
                sink.accept(entry(row));
                exported[0]++;
            });
            return exported[0];
        });
        return count == null ? 0 : count;
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        AuditRecord record = new AuditRecord(row.getLong("global_sequence"), row.getString("event_type"),
                row.getObject("occurred_at", OffsetDateTime.class).toInstant(), row.getString("actor"),
                row.getString("reason"), row.getString("credential_id"), row.getString("credential_name"),
                row.getString("provider"), row.getString("previous_name"), row.getString("instance_id"),
                row.getString("setting_key"), row.getObject("secret_version", Integer.class),
                row.getString("correlation_id"), row.getString("causation_id"), row.getString("token_id"),
                row.getString("token_name"), row.getString("token_role"), row.getString("actor_token_id"),
                row.getString("actor_role"));
        return new AuditEntry(record.sequence(), record.type(), record.occurredAt(), record.actor(), record.reason(),
                record.credentialId(), record.instanceId(), record.settingKey(), record.secretVersion(),
                record.correlationId(), record.causationId(), AuditSummary.of(record), record.actorTokenId(),
                record.actorRole());
    }

    /** The statement of a filter: what is recorded after the cursor and below the watermark, in sequence order. */
    private record Query(String where, MapSqlParameterSource parameters) {

        static Query of(AuditFilter filter, long afterSequence, long completeUpTo) {
            List<String> conditions = new ArrayList<>(List.of(
                    "global_sequence > :after", "global_sequence <= :upTo"));
            MapSqlParameterSource parameters = new MapSqlParameterSource()
                    .addValue("after", afterSequence)
                    .addValue("upTo", completeUpTo);
            equal(conditions, parameters, "credential_id", filter.credentialId());
            equal(conditions, parameters, "instance_id", filter.instanceId());
            equal(conditions, parameters, "actor", filter.actor());
            equal(conditions, parameters, "event_type", filter.type());
            if (filter.from() != null) {
                conditions.add("occurred_at >= :from");
                parameters.addValue("from", utc(filter.from()));
            }
            if (filter.to() != null) {
                conditions.add("occurred_at < :to");
                parameters.addValue("to", utc(filter.to()));
            }
            return new Query(String.join(" and ", conditions), parameters);
        }

        String sql() {
            return "select " + COLUMNS + " from qr_audit_entry where " + where + " order by global_sequence";
        }

        private static void equal(List<String> conditions, MapSqlParameterSource parameters, String column,
                                  String value) {
            if (value != null) {
                conditions.add(column + " = :" + column);
                parameters.addValue(column, value);
            }
        }

        private static OffsetDateTime utc(Instant instant) {
            return instant.atOffset(ZoneOffset.UTC);
        }
    }
}
