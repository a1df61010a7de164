package io.credreg.platform.persistence;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.credreg.platform.persistence.DataDirectoryPermissionsTest.permissions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedDatabasePasswordTest {

    @TempDir
    Path dataDir;

    @BeforeAll
    static void loopbackOnly() {
        EmbeddedDatabaseBindAddress.apply();
    }

    private H2FileDatabase database() {
        return H2FileDatabase.of("jdbc:h2:file:" + dataDir.resolve("registry") + ";AUTO_SERVER=TRUE");
    }

    @Test
    void aNewDatabaseGetsAGeneratedPasswordKeptOwnerOnlyAndTheSameOneEveryTime() throws Exception {
        String password = EmbeddedDatabasePassword.prepare(dataDir, database(), "sa");

        assertThat(password).matches("[A-Za-z0-9_-]{43}");
        Path file = dataDir.resolve(EmbeddedDatabasePassword.FILE);
        assertThat(permissions(file)).isEqualTo("rw-------");
        assertThat(Files.readString(file).strip()).isEqualTo(password);
        assertThat(EmbeddedDatabasePassword.prepare(dataDir, database(), "sa")).isEqualTo(password);
        assertThat(EmbeddedDatabasePassword.stored(dataDir)).contains(password);
        assertThat(database().exists()).as("no database is created by preparing its password").isFalse();
        try (var files = Files.list(dataDir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly(EmbeddedDatabasePassword.FILE);
        }

        // the first connection creates the database with this password, and the empty one no longer opens it
        try (Connection c = DriverManager.getConnection(database().url(), "sa", password)) {
            assertThat(c.isValid(1)).isTrue();
        }
        assertRefused(database().url(), "");
    }

    @Test
    void aDatabaseCreatedWithTheEmptyPasswordIsMovedToTheGeneratedOneOnceAndKeepsItsData() throws Exception {
        try (Connection c = DriverManager.getConnection(database().url(), "sa", "");
             Statement s = c.createStatement()) {
            s.execute("create table kept (v varchar(10))");
            s.execute("insert into kept values ('here')");
        }

        String password = EmbeddedDatabasePassword.prepare(dataDir, database(), "sa");

        assertRefused(database().url(), "");
        try (Connection c = DriverManager.getConnection(database().url(), "sa", password);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("here");
        }
        assertThat(EmbeddedDatabasePassword.prepare(dataDir, database(), "sa")).isEqualTo(password);
        assertThat(Files.exists(dataDir.resolve(EmbeddedDatabasePassword.PENDING))).isFalse();
        assertThat(Files.exists(dataDir.resolve(EmbeddedDatabasePassword.LOCK))).isFalse();
    }

    @Test
    void aMoveInterruptedAfterThePendingPasswordWasWrittenIsFinishedByTheNextStart() throws Exception {
        try (Connection ignored = DriverManager.getConnection(database().url(), "sa", "")) {
            // creates the database with the empty password
        }
        String pending = "p".repeat(43);
        Files.writeString(dataDir.resolve(EmbeddedDatabasePassword.PENDING), pending + "\n");

        assertThat(EmbeddedDatabasePassword.prepare(dataDir, database(), "sa")).isEqualTo(pending);

        assertRefused(database().url(), "");
        try (Connection c = DriverManager.getConnection(database().url(), "sa", pending)) {
            assertThat(c.isValid(1)).isTrue();
        }
    }

    @Test
    void aDatabaseWithAPasswordThisDataDirectoryDoesNotHoldIsRefusedWithAHint() throws Exception {
        try (Connection ignored = DriverManager.getConnection(database().url(), "sa", "someone-elses")) {
            // a database whose password file was lost
        }

        assertThatThrownBy(() -> EmbeddedDatabasePassword.prepare(dataDir, database(), "sa"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has a password this data directory does not hold")
                .hasMessageNotContaining("someone-elses");
        assertThat(EmbeddedDatabasePassword.stored(dataDir)).isEmpty();
    }

    @Test
    void twoSidesStartingTogetherOnAnOldDatabaseAgreeOnOnePassword() throws Exception {
        try (Connection ignored = DriverManager.getConnection(database().url(), "sa", "")) {
            // the old database
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<String> start = () -> EmbeddedDatabasePassword.prepare(dataDir, database(), "sa");
            List<Future<String>> both = pool.invokeAll(List.of(start, start));
            assertThat(both.get(0).get()).isEqualTo(both.get(1).get());
            try (Connection c = DriverManager.getConnection(database().url(), "sa", both.get(0).get())) {
                assertThat(c.isValid(1)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertRefused(String url, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", password).close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode())
                        .isEqualTo(EmbeddedDatabasePassword.WRONG_USER_OR_PASSWORD));
    }
}
