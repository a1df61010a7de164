package io.credreg.query.audit;

import io.credreg.api.audit.AuditEntry;
import io.credreg.api.audit.AuditFilter;
import io.credreg.api.audit.AuditPage;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

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

    /** Rows an export reads per query: memory stays flat however many rows match. */
    static final int EXPORT_PAGE_SIZE = 1_000;

    private static final String COLUMNS = "global_sequence, event_type, occurred_at, actor, reason, credential_id,"
            + " credential_name, provider, previous_name, instance_id, setting_key, secret_version, correlation_id,"
            + " causation_id, token_id, token_name, token_role, actor_token_id, actor_role";
    private static final RowMapper<AuditEntry> ENTRY = (row, i) -> entry(row);

    private final NamedParameterJdbcTemplate jdbc;
    private final AuditWatermark watermark;

    AuditLog(DataSource dataSource, AuditWatermark watermark) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
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
     * Hands every matching entry to {@code sink}, in sequence order, {@value #EXPORT_PAGE_SIZE} at a time: each page
     * is a query of its own that has ended before its rows are handed on, so a client that reads slowly holds no
     * transaction, cursor or connection open (issue 12). The watermark is taken once, so the export is the log up
     * to one position, whatever is recorded while it runs.
     *
     * @return how many entries were exported
     */
    long export(AuditFilter filter, long afterSequence, Consumer<AuditEntry> sink) {
        long upTo = watermark.completeUpTo();
        long after = afterSequence;
        long exported = 0;
        while (true) {
            Query query = Query.of(filter, after, upTo);
            query.parameters.addValue("limit", EXPORT_PAGE_SIZE);
            List<AuditEntry> page = jdbc.query(query.sql() + " limit :limit", query.parameters, ENTRY);
            page.forEach(sink);
            exported += page.size();
            if (page.size() < EXPORT_PAGE_SIZE) {
                return exported;
            }
            after = page.get(page.size() - 1).sequence();
        }
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
