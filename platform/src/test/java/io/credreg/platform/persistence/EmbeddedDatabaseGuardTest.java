package io.credreg.platform.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.mock.env.MockEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

import static io.credreg.platform.persistence.DataDirectoryPermissionsTest.chmod;
import static io.credreg.platform.persistence.DataDirectoryPermissionsTest.permissions;
import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedDatabaseGuardTest {

    @TempDir
    Path temp;

    @Test
    void anEmbeddedDatabaseGetsTheStoredPasswordInAnOwnerOnlyDataDirectory() throws Exception {
        Path dataDir = temp.resolve("data");
        String url = "jdbc:h2:file:" + dataDir.resolve("registry") + ";AUTO_SERVER=TRUE";
        DataSourceProperties properties = properties(url, "");
        EmbeddedDatabaseGuard guard = new EmbeddedDatabaseGuard(environment(dataDir));

        guard.postProcessBeforeInitialization(properties, "dataSourceProperties");

        assertThat(permissions(dataDir)).isEqualTo("rwx------");
        assertThat(properties.getPassword()).isNotEmpty()
                .isEqualTo(EmbeddedDatabasePassword.stored(dataDir).orElseThrow());
        try (Connection c = DriverManager.getConnection(url, "sa", properties.getPassword())) {
            // H2 creates its files with the process's umask: the pass after the start tightens them
            chmod(dataDir.resolve("registry.mv.db"), "rw-r--r--");
            chmod(dataDir.resolve("registry.lock.db"), "rw-r--r--");
            String line = guard.afterStart();
            assertThat(line).contains("registry.mv.db (was rw-r--r--)", "registry.lock.db (was rw-r--r--)")
                    .doesNotContain(properties.getPassword());
            assertThat(permissions(dataDir.resolve("registry.mv.db"))).isEqualTo("rw-------");
            assertThat(permissions(dataDir.resolve("registry.lock.db"))).isEqualTo("rw-------");
        }
    }

    @Test
    void anExistingDataDirectoryOpenToOthersIsTightenedBeforeTheDatabaseOpensAndTheLineSaysSo() throws Exception {
        Path dataDir = chmod(Files.createDirectory(temp.resolve("data")), "rwxr-xr-x");
        chmod(Files.writeString(dataDir.resolve("admin.token"), "crt_x\n"), "rw-r--r--");
        EmbeddedDatabaseGuard guard = new EmbeddedDatabaseGuard(environment(dataDir));

        guard.postProcessBeforeInitialization(properties(
                "jdbc:h2:file:" + dataDir.resolve("registry") + ";AUTO_SERVER=TRUE", ""), "dataSourceProperties");

        assertThat(permissions(dataDir)).isEqualTo("rwx------");
        assertThat(permissions(dataDir.resolve("admin.token"))).isEqualTo("rw-------");
        assertThat(guard.afterStart()).isEqualTo("Data directory " + dataDir.toRealPath()
                + ": made owner-only what other users could read: the data directory (was rwxr-xr-x), "
                + "admin.token (was rw-r--r--)");
        assertThat(guard.afterStart()).endsWith(": already owner-only, nothing to tighten");
    }

    @Test
    void anotherDatabaseOrAConfiguredPasswordIsLeftAloneButTheDataDirectoryIsStillTightened() throws Exception {
        Path dataDir = chmod(Files.createDirectory(temp.resolve("data")), "rwxr-x---");
        DataSourceProperties postgres = properties("jdbc:postgresql://localhost/registry", "pg-password");
        DataSourceProperties configured = properties("jdbc:h2:file:" + dataDir.resolve("registry"), "chosen");

        new EmbeddedDatabaseGuard(environment(dataDir)).postProcessBeforeInitialization(postgres, "a");
        new EmbeddedDatabaseGuard(environment(dataDir)).postProcessBeforeInitialization(configured, "b");

        assertThat(postgres.getPassword()).isEqualTo("pg-password");
        assertThat(configured.getPassword()).isEqualTo("chosen");
        assertThat(EmbeddedDatabasePassword.stored(dataDir)).isEmpty();
        assertThat(permissions(dataDir)).isEqualTo("rwx------");
    }

    private static MockEnvironment environment(Path dataDir) {
        return new MockEnvironment().withProperty("registry.data-dir", dataDir.toString());
    }

    private static DataSourceProperties properties(String url, String password) {
        DataSourceProperties properties = new DataSourceProperties();
        properties.setUrl(url);
        properties.setUsername("sa");
        properties.setPassword(password);
        return properties;
    }
}
