package io.credreg.command.importing;

import io.credreg.api.binding.SettingRef;
import io.credreg.platform.persistence.EmbeddedDatabasePassword;
import io.credreg.platform.persistence.H2FileDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.mock.env.MockEnvironment;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What the import reads of the registry, and that a dry run's read of a registry that does not exist creates none. */
class TargetStateReaderTest {

    @TempDir
    Path dataDir;

    @Test
    void readsTheFingerprintsNamesAndOpenAiSettingsTheLookupsHold() throws Exception {
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
                "jdbc:h2:mem:lookups-" + UUID.randomUUID(), "sa", "", true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            assertThat(TargetStateReader.initialized(jdbc)).isFalse();
            String lookups = new ClassPathResource("db/migration/common/V2__command_side_keys_and_lookups.sql")
                    .getContentAsString(StandardCharsets.UTF_8);
            for (String statement : lookups.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    jdbc.execute(statement);
                }
            }
            jdbc.update("insert into secret_fingerprint values ('fp-a', 'cred-a'), ('fp-d', 'cred-d'), ('fp-x', 'x')");
            jdbc.update("insert into credential_name values ('openai', 'acme', 'cred-a'), ('dify', 'dee', 'cred-d'), "
                    + "('openai', 'x', 'x')");
            jdbc.update("insert into setting_slot values ('acme', 'openai.default', 'cred-a'), "
                    + "('acme', 'openai.bot.b1', 'cred-a'), ('acme', 'dify.default', 'cred-d')");

            assertThat(TargetStateReader.initialized(jdbc)).isTrue();
            TargetState state = TargetStateReader.read(jdbc, List.of("fp-a", "fp-d", "fp-unknown"));

            assertThat(state.byFingerprint()).isEqualTo(Map.of("fp-a", new TargetState.Existing("cred-a", "openai"),
                    "fp-d", new TargetState.Existing("cred-d", "dify")));
            assertThat(state.takenNameKeys()).containsExactlyInAnyOrder("acme", "x");
            assertThat(state.slots()).isEqualTo(Map.of(new SettingRef("acme", "openai.default"), "cred-a",
                    new SettingRef("acme", "openai.bot.b1"), "cred-a"));
        } finally {
            dataSource.destroy();
        }
    }

    @Test
    void aDryRunAgainstAnEmbeddedDatabaseThatDoesNotExistReadsAnEmptyRegistryAndCreatesNothing() throws Exception {
        EvolutionImportCommand.Target target = new EvolutionImportCommand.Target(
                "jdbc:h2:file:" + dataDir.resolve("registry") + ";AUTO_SERVER=TRUE", "sa", "", "", "", dataDir);

        EvolutionImportCommand.Target.Reading reading = target.read(List.of());

        assertThat(reading.state()).isEqualTo(TargetState.empty(false));
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aDryRunOpensTheEmbeddedDatabaseWithItsStoredPasswordAndNeverShowsIt() throws Exception {
        // without AUTO_SERVER: other tests of this JVM loaded H2 before its bind address could be pinned to loopback
        String url = "jdbc:h2:file:" + dataDir.resolve("registry");
        String password = EmbeddedDatabasePassword.prepare(dataDir, H2FileDatabase.of(url), "sa");
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, "sa", password, true);
        try {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            String lookups = new ClassPathResource("db/migration/common/V2__command_side_keys_and_lookups.sql")
                    .getContentAsString(StandardCharsets.UTF_8);
            for (String statement : lookups.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!statement.isBlank()) {
                    jdbc.execute(statement);
                }
            }
            jdbc.update("insert into credential_name values ('openai', 'acme', 'cred-a')");
        } finally {
            dataSource.destroy();
        }
        // as application.yml configures it: user sa, the empty password
        EvolutionImportCommand.Target target = EvolutionImportCommand.Target.of(new MockEnvironment()
                .withProperty("spring.datasource.url", url).withProperty("spring.datasource.username", "sa")
                .withProperty("spring.datasource.password", "").withProperty("registry.data-dir", dataDir.toString()));

        EvolutionImportCommand.Target.Reading reading = target.read(List.of());

        assertThat(reading.state().takenNameKeys()).containsExactly("acme");
        assertThat(target.toString()).doesNotContain(password);
    }
}
