package io.credreg.query.credential;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** V18 cuts the hints projected under the old rule down to what the new one shows (decision 0060). */
class StoredHintMigrationTest {

    @Test
    void projectedHintsShowAtMostTheLastFourCharacters() {
        DataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:hints-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        flyway(dataSource, "9").migrate(); // the last migration before V18
        Map<String, String> before = Map.of(
                "long", "sk-…9f3a",
                "medium", "…de",
                "tiny", "…",
                "new", "…beef",
                "none", "");
        before.forEach((id, hint) -> jdbc.update("insert into qr_credential (credential_id, name, provider, status, "
                        + "secret_hint, secret_version, binding_count, created_at, updated_at) "
                        + "values (?, ?, 'openai', 'active', ?, 1, 0, ?, ?)", id, id, hint.isEmpty() ? null : hint,
                Timestamp.from(Instant.now()), Timestamp.from(Instant.now())));

        flyway(dataSource, "18").migrate();

        assertThat(hint(jdbc, "long")).isEqualTo("…9f3a");
        assertThat(hint(jdbc, "medium")).isEqualTo("…");
        assertThat(hint(jdbc, "tiny")).isEqualTo("…");
        assertThat(hint(jdbc, "new")).isEqualTo("…beef");
        assertThat(hint(jdbc, "none")).isNull();
    }

    private static String hint(JdbcTemplate jdbc, String id) {
        return jdbc.queryForObject("select secret_hint from qr_credential where credential_id = ?", String.class, id);
    }

    private static Flyway flyway(DataSource dataSource, String target) {
        return Flyway.configure().dataSource(dataSource).target(target)
                .locations("classpath:db/migration/common", "classpath:db/migration/h2").load();
    }
}
