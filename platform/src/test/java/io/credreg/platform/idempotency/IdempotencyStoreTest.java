package io.credreg.platform.idempotency;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The store on H2, with the schema of the migrations V33 and V34. */
class IdempotencyStoreTest {

    private JdbcTemplate jdbc;
    private IdempotencyStore store;

    @BeforeEach
    void schema() throws IOException {
        jdbc = new JdbcTemplate(new DriverManagerDataSource(
                "jdbc:h2:mem:idem-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", ""));
        for (String migration : new String[] {"db/migration/common/V33__idempotency_key.sql",
                "db/migration/h2/V34__idempotency_answer.sql"}) {
            String sql = new ClassPathResource(migration).getContentAsString(StandardCharsets.UTF_8)
                    .replaceAll("(?m)^--.*$", "");
            for (String statement : sql.split(";")) {
                if (!statement.isBlank()) {
                    jdbc.execute(statement);
                }
            }
        }
        store = new IdempotencyStore(jdbc);
    }

    @Test
    void aKeyIsClaimedOncePerCallerAndHoldsItsSealedAnswer() {
        Instant now = Instant.now();
        AnswerSeal seal = AnswerSeal.derive("crt_bearer", "token-1", "key");

        assertThat(store.claim("token-1", seal.keyHash(), "mac", now)).isTrue();
        assertThat(store.claim("token-1", seal.keyHash(), "other-mac", now)).isFalse();
        assertThat(store.claim("token-2", seal.keyHash(), "mac", now)).as("another caller's key").isTrue();
        assertThat(store.find("token-1", seal.keyHash())).get().satisfies(recorded -> {
            assertThat(recorded.requestMac()).isEqualTo("mac");
            assertThat(recorded.status()).isNull();
        });

        store.record("token-1", seal.keyHash(), 201, seal.seal(201, "{\"token\":\"crt_new\"}".getBytes()));

        IdempotencyStore.Recorded recorded = store.find("token-1", seal.keyHash()).orElseThrow();
        assertThat(recorded.status()).isEqualTo(201);
        assertThat(new String(recorded.answer(), StandardCharsets.ISO_8859_1)).doesNotContain("crt_new");
        assertThat(jdbc.queryForList("script", String.class).toString()).doesNotContain("crt_new")
                .doesNotContain("key'");
    }

    @Test
    void aReleasedKeyIsFreeAgain() {
        assertThat(store.claim("t", "h", "mac", Instant.now())).isTrue();
        store.release("t", "h");
        assertThat(store.find("t", "h")).isEmpty();
        assertThat(store.claim("t", "h", "mac", Instant.now())).isTrue();
    }

    @Test
    void thePurgeForgetsOnlyKeysOlderThanTheCutoff() {
        Instant now = Instant.now();
        store.claim("t", "old", "mac", now.minus(Duration.ofHours(25)));
        store.claim("t", "young", "mac", now.minus(Duration.ofHours(23)));

        assertThat(store.purgeClaimedBefore(now.minus(Duration.ofHours(24)))).isEqualTo(1);
        assertThat(store.purgeClaimedBefore(now.minus(Duration.ofHours(24)))).as("a second node finds nothing")
                .isZero();
        assertThat(store.find("t", "old")).isEmpty();
        assertThat(store.find("t", "young")).isPresent();
    }

    @Test
    void retentionBelow24HoursIsRefused() {
        assertThatThrownBy(() -> new IdempotencyProperties(Duration.ofHours(23), Duration.ofMinutes(15)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("24h");
        assertThat(new IdempotencyProperties(Duration.ofDays(2), Duration.ofMinutes(1)).retention())
                .isEqualTo(Duration.ofDays(2));
    }
}
