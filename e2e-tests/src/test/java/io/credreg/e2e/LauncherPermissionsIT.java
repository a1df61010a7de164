package io.credreg.e2e;

import io.credreg.e2e.support.StandInLauncher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./registry up} creates the data directory, its logs and everything the sides write with umask 077, and makes
 * an existing data directory owner-only; a side that dies has its last lines shown before the launcher says so. A
 * stand-in {@code java} reports what it was given and exits, so no registry runs.
 */
class LauncherPermissionsIT {

    @TempDir
    Path temp;

    @Test
    @DisplayName("./registry up runs the sides with umask 077 and leaves the data directory and logs owner-only")
    void launcherUsesAnOwnerOnlyUmask() throws Exception {
        StandInLauncher launcher = new StandInLauncher(temp, """
                echo "stand-in java started with umask $(umask)"
                exit 3
                """);
        Path existing = Files.createDirectories(temp.resolve("existing"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));

        for (Path data : List.of(temp.resolve("new-data"), existing)) {
            String output = launcher.up(data, Map.of());

            assertThat(output).contains("stand-in java started with umask 0077", "command-side exited unexpectedly");
            Path log = data.resolve("logs").resolve("command-side.log");
            assertThat(permissions(data)).as(data.toString()).isEqualTo("rwx------");
            assertThat(permissions(data.resolve("logs"))).isEqualTo("rwx------");
            assertThat(permissions(log)).isEqualTo("rw-------");
            assertThat(Files.readString(log)).contains("stand-in java started with umask 0077");
        }
    }

    @Test
    @DisplayName("./registry up lets a dead side's last lines through before it reports the death and exits")
    void launcherDrainsADeadSidesOutput() throws Exception {
        // The side's output still in flight when the side is gone, made certain: a child of the stand-in writes the
        // last line after the stand-in's exit, which the launcher notices within half a second. A launcher that exits
        // then cuts the line off for a caller reading through a pipe (Java's Process closes it when its child exits).
        StandInLauncher launcher = new StandInLauncher(temp, """
                (sleep 1.5; echo "the side's last words") &
                exit 3
                """);

        String output = launcher.up(temp.resolve("data"), Map.of());

        assertThat(output).contains("[command] the side's last words");
        assertThat(output.indexOf("[command] the side's last words"))
                .isLessThan(output.indexOf("command-side exited unexpectedly"));
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
