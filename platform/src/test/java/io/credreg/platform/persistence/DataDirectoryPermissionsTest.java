package io.credreg.platform.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DataDirectoryPermissionsTest {

    @TempDir
    Path temp;

    @Test
    void makesTheDirectoryItsFilesAndItsLogsOwnerOnlyAndSaysWhat() throws Exception {
        Path data = Files.createDirectory(temp.resolve("data"));
        chmod(data, "rwxr-xr-x");
        chmod(Files.writeString(data.resolve("registry.mv.db"), "db"), "rw-r--r--");
        chmod(Files.writeString(data.resolve("master.key"), "k"), "rw-------");
        Path logs = Files.createDirectory(data.resolve("logs"));
        chmod(logs, "rwxrwxr-x");
        chmod(Files.writeString(logs.resolve("command-side.log"), "line"), "rw-rw-r--");
        Path elsewhere = Files.createDirectory(data.resolve("other"));
        chmod(elsewhere, "rwxr-xr-x");
        chmod(Files.writeString(elsewhere.resolve("file"), "x"), "rw-r--r--");

        DataDirectoryPermissions.Report report = DataDirectoryPermissions.tighten(data, List.of());

        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.resolve("registry.mv.db"))).isEqualTo("rw-------");
        assertThat(permissions(data.resolve("master.key"))).isEqualTo("rw-------");
        assertThat(permissions(logs)).isEqualTo("rwx------");
        assertThat(permissions(logs.resolve("command-side.log"))).isEqualTo("rw-------");
        assertThat(report.tightened()).containsExactlyInAnyOrder("the data directory (was rwxr-xr-x)",
                "registry.mv.db (was rw-r--r--)", "logs (was rwxrwxr-x)",
                Path.of("logs", "command-side.log") + " (was rw-rw-r--)");
        assertThat(report.failed()).isEmpty();
        // only the data directory's own files and logs: other directories are not walked
        assertThat(permissions(elsewhere.resolve("file"))).isEqualTo("rw-r--r--");

        assertThat(DataDirectoryPermissions.tighten(data, List.of()).tightened()).isEmpty();
    }

    @Test
    void tightensTheDatabaseFilesKeptOutsideTheDataDirectoryAndIgnoresWhatIsMissing() throws Exception {
        Path data = chmod(Files.createDirectory(temp.resolve("data")), "rwx------");
        Path database = chmod(Files.writeString(temp.resolve("db.mv.db"), "db"), "rw-r--r--");

        DataDirectoryPermissions.Report report = DataDirectoryPermissions.tighten(data,
                List.of(database, temp.resolve("db.lock.db")));

        assertThat(permissions(database)).isEqualTo("rw-------");
        assertThat(report.tightened()).containsExactly(database + " (was rw-r--r--)");
        assertThat(DataDirectoryPermissions.tighten(temp.resolve("absent"), List.of()))
                .isEqualTo(DataDirectoryPermissions.Report.empty());
    }

    @Test
    void leavesSymbolicLinksAndWhatTheyPointAtAlone() throws Exception {
        Path data = Files.createDirectory(temp.resolve("data"));
        Path outside = chmod(Files.writeString(temp.resolve("outside"), "x"), "rw-r--r--");
        Files.createSymbolicLink(data.resolve("link"), outside);

        DataDirectoryPermissions.tighten(data, List.of());

        assertThat(permissions(outside)).isEqualTo("rw-r--r--");
    }

    @Test
    void createsAMissingDirectoryOwnerOnly() throws Exception {
        Path data = temp.resolve("a").resolve("data");

        DataDirectoryPermissions.createOwnerOnly(data);

        assertThat(permissions(data)).isEqualTo("rwx------");
    }

    static Path chmod(Path path, String permissions) throws Exception {
        return Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
    }

    static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
