package io.credreg.e2e;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./registry up} creates the data directory, its logs and everything the sides write with umask 077, and makes
 * an existing data directory owner-only. A stand-in {@code java} (through {@code JAVA_HOME}) reports the umask it was
 * started with and exits, so no registry runs: the launcher reports that the side died and stops.
 */
class LauncherPermissionsIT {

    @TempDir
    Path temp;

    @Test
    @DisplayName("./registry up runs the sides with umask 077 and leaves the data directory and logs owner-only")
    void launcherUsesAnOwnerOnlyUmask() throws Exception {
        Path jdk = Files.createDirectories(temp.resolve("jdk").resolve("bin"));
        Path java = Files.writeString(jdk.resolve("java"), """
                #!/usr/bin/env bash
                echo "stand-in java started with umask $(umask)"
                exit 3
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path existing = Files.createDirectories(temp.resolve("existing"));
        Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rwxr-xr-x"));

        for (Path data : List.of(temp.resolve("new-data"), existing)) {
            String output = up(data, jdk.getParent());

            assertThat(output).contains("stand-in java started with umask 0077", "command-side exited unexpectedly");
            Path log = data.resolve("logs").resolve("command-side.log");
            assertThat(permissions(data)).as(data.toString()).isEqualTo("rwx------");
            assertThat(permissions(data.resolve("logs"))).isEqualTo("rwx------");
            assertThat(permissions(log)).isEqualTo("rw-------");
            assertThat(Files.readString(log)).contains("stand-in java started with umask 0077");
        }
    }

    private static String up(Path data, Path javaHome) throws Exception {
        Path root = Path.of(System.getProperty("registry.root", "..")).toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("registry").toString(), "up")
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("REGISTRY_")
                || name.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", javaHome.toString());
        env.put("REGISTRY_DATA_DIR", data.toString());
        env.put("REGISTRY_NO_BUILD", "1");
        env.put("REGISTRY_ADMIN_TOKEN", "crt_" + "a".repeat(43));
        env.put("COMMAND_PORT", Integer.toString(freePort()));
        env.put("QUERY_PORT", Integer.toString(freePort()));
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        return output;
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
