package io.credreg.e2e.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code ./registry up} with a stand-in {@code java} (through {@code JAVA_HOME}), so that no registry starts: the
 * stand-in is a bash script that says what it was given and exits, and the launcher reports that the side died.
 * The launcher's output is read the way a caller reads it through a pipe, to its end.
 */
public final class StandInLauncher {

    private static final Path ROOT =
            Path.of(System.getProperty("registry.root", "..")).toAbsolutePath().normalize();

    private final Path javaHome;
    private final int commandPort;
    private final int queryPort;

    /** The stand-in is written under {@code dir}; {@code body} is its script after the shebang line. */
    public StandInLauncher(Path dir, String body) throws IOException {
        this.javaHome = dir.resolve("jdk");
        Path bin = Files.createDirectories(javaHome.resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/usr/bin/env bash\n" + body);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.commandPort = freePort();
        this.queryPort = freePort();
    }

    public int commandPort() {
        return commandPort;
    }

    public int queryPort() {
        return queryPort;
    }

    /** Runs {@code ./registry up} on {@code data} with {@code extra} environment; returns all it printed. */
    public String up(Path data, Map<String, String> extra) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("registry").toString(), "up")
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("REGISTRY_")
                || name.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", javaHome.toString());
        env.put("REGISTRY_DATA_DIR", data.toString());
        env.put("REGISTRY_NO_BUILD", "1");
        env.put("REGISTRY_ADMIN_TOKEN", "crt_" + "a".repeat(43));
        env.put("COMMAND_PORT", Integer.toString(commandPort));
        env.put("QUERY_PORT", Integer.toString(queryPort));
        env.putAll(extra);
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(1);
        return output;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
