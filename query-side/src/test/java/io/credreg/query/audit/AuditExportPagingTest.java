package io.credreg.query.audit;

import io.credreg.api.audit.AuditEntry;
import io.credreg.api.audit.AuditFilter;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * An export reads the log page by page, and hands rows on only between queries: a client that reads slowly holds no
 * connection, cursor or transaction (issue 12, item 4).
 */
class AuditExportPagingTest {

    private static final int ENTRIES = AuditLog.EXPORT_PAGE_SIZE * 2 + 500;

    private final AtomicInteger openConnections = new AtomicInteger();
    private JdbcTemplate jdbc;
    private AuditWatermark watermark;
    private AuditLog log;

    @BeforeEach
    void setUp() {
        String url = "jdbc:h2:mem:audit-export-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        DataSource counting = new DriverManagerDataSource(url, "sa", "") {
            @Override
            public Connection getConnection() throws SQLException {
                return tracked(super.getConnection());
            }
        };
        Flyway.configure().dataSource(counting)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").load().migrate();
        jdbc = new JdbcTemplate(counting);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 1; i <= ENTRIES; i++) {
            rows.add(new Object[]{(long) i * 3, "CredentialCreated", Timestamp.from(Instant.parse("2026-12-01T00:00:00Z")
                    .plusSeconds(i)), i % 2 == 0 ? "alice" : "bob", "c-" + i, "key " + i, "openai"});
        }
        jdbc.batchUpdate("insert into qr_audit_entry (global_sequence, event_type, occurred_at, actor, credential_id,"
                + " credential_name, provider) values (?, ?, ?, ?, ?, ?, ?)", rows);
        watermark = mock(AuditWatermark.class);
        when(watermark.completeUpTo()).thenReturn(Long.MAX_VALUE);
        log = new AuditLog(counting, watermark);
    }

    @Test
    void everyEntryArrivesOnceInSequenceOrderAcrossPages() {
        List<Long> sequences = new ArrayList<>();
        long exported = log.export(AuditFilter.none(), 0, entry -> sequences.add(entry.sequence()));

        assertThat(exported).isEqualTo(ENTRIES);
        assertThat(sequences).hasSize(ENTRIES).isSorted().doesNotHaveDuplicates();
        assertThat(sequences.get(0)).isEqualTo(3);
        assertThat(sequences.get(ENTRIES - 1)).isEqualTo(ENTRIES * 3L);
    }

    @Test
    void noConnectionIsHeldWhileTheClientReads() {
        List<Integer> openWhileWriting = new ArrayList<>();
        log.export(AuditFilter.none(), 0, entry -> openWhileWriting.add(openConnections.get()));

        assertThat(openWhileWriting).hasSize(ENTRIES).containsOnly(0);
    }

    @Test
    void filtersCursorAndWatermarkStillApplyOnEveryPage() {
        when(watermark.completeUpTo()).thenReturn(6_000L);
        List<AuditEntry> entries = new ArrayList<>();
        long exported = log.export(new AuditFilter(null, null, "alice", null, null, null), 300, entries::add);

        // alice has the even entries: sequences 6, 12, ...; after 300 and up to 6,000
        assertThat(exported).isEqualTo((6_000 - 300) / 6);
        assertThat(entries).allSatisfy(entry -> assertThat(entry.sequence()).isBetween(301L, 6_000L));
        assertThat(entries).extracting(AuditEntry::sequence).isSorted().doesNotHaveDuplicates();
    }

    private Connection tracked(Connection connection) {
        openConnections.incrementAndGet();
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        openConnections.decrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
