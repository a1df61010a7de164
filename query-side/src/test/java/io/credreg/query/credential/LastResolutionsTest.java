package io.credreg.query.credential;

import io.credreg.api.credential.SecretResolved;
import io.credreg.query.QuerySideTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Each setting's last resolution: the latest of a batch, written once per setting as the batch commits. */
@QuerySideTest
class LastResolutionsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    LastResolutions lastResolutions;
    AtomicInteger statements = new AtomicInteger();
    String credential;

    @BeforeEach
    void setUp() {
        lastResolutions = new LastResolutions(new JdbcTemplate(jdbc.getDataSource()) {
            @Override
            public int update(String sql, Object... args) {
                statements.incrementAndGet();
                return super.update(sql, args);
            }
        });
        credential = UUID.randomUUID().toString();
    }

    @Test
    void aBatchWritesTheLatestResolutionOfEachSettingOnceAsItCommits() {
        transactions.executeWithoutResult(status -> {
            resolved("acme-1", 1, T0);
            resolved("acme-1", 2, T0.plusSeconds(5));
            resolved("acme-1", 1, T0.plusSeconds(2)); // older than the one before: delivered late, not the latest
            resolved("acme-2", 1, T0.plusSeconds(1));
            resolved("acme-2", 1, T0.plusSeconds(3));
            assertThat(statements).as("nothing is written before the commit").hasValue(0);
        });

        assertThat(row("acme-1")).containsEntry("last_resolved_version", 2);
        assertThat(instant(row("acme-1"))).isEqualTo(T0.plusSeconds(5));
        assertThat(instant(row("acme-2"))).isEqualTo(T0.plusSeconds(3));
        assertThat(statements).as("an update and an insert per new setting, not one per resolution").hasValue(4);
    }

    @Test
    void aLaterBatchMovesTheRowForwardAndAnOlderOneLeavesIt() {
        transactions.executeWithoutResult(status -> resolved("acme-1", 1, T0.plusSeconds(10)));
        transactions.executeWithoutResult(status -> resolved("acme-1", 2, T0.plusSeconds(5)));
        assertThat(row("acme-1")).containsEntry("last_resolved_version", 1);

        transactions.executeWithoutResult(status -> resolved("acme-1", 2, T0.plusSeconds(20)));
        assertThat(row("acme-1")).containsEntry("last_resolved_version", 2);
    }

    @Test
    void aBatchThatRollsBackWritesNothing() {
        transactions.executeWithoutResult(status -> {
            resolved("acme-1", 1, T0);
            status.setRollbackOnly();
        });

        assertThat(jdbc.queryForObject("select count(*) from qr_consumer where credential_id = ?", Long.class,
                credential)).isZero();
        assertThat(statements).hasValue(0);
    }

    private void resolved(String instance, int version, Instant at) {
        lastResolutions.resolved(new SecretResolved(credential, instance, "openai.default", version, "tok"), at);
    }

    private Map<String, Object> row(String instance) {
        return jdbc.queryForMap("select last_resolved_version, last_resolved_at from qr_consumer "
                + "where credential_id = ? and instance_id = ?", credential, instance);
    }

    private static Instant instant(Map<String, Object> row) {
        Object at = row.get("last_resolved_at");
        return at instanceof java.time.OffsetDateTime odt ? odt.toInstant() : ((java.sql.Timestamp) at).toInstant();
    }
}
