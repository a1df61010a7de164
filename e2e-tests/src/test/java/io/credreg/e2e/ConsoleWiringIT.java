package io.credreg.e2e;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console calls the command side from the browser: {@code ./registry up} and the compose file wire that without a
 * manual step (the console's origin allowed by CORS, the query side told where the command side is). The launcher is
 * run with a stand-in {@code java} (through {@code JAVA_HOME}) that prints what it was given and exits, so no registry
 * runs; the compose file is read as text (no Docker here).
 */
class ConsoleWiringIT {

    private static final Path ROOT = Path.of(System.getProperty("registry.root", "..")).toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    @DisplayName("./registry up allows the console's origin on top of the configured ones and names the command side")
    void theLauncherWiresTheConsole() throws Exception {
        Path jdk = Files.createDirectories(temp.resolve("jdk").resolve("bin"));
        Path java = Files.writeString(jdk.resolve("java"), """
                #!/usr/bin/env bash
                echo "cors=[$REGISTRY_CORS_ALLOWED_ORIGINS]"
                echo "command-url=[$REGISTRY_CONSOLE_COMMAND_URL]"
                exit 3
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        int commandPort = freePort();
        int queryPort = freePort();

        ProcessBuilder pb = new ProcessBuilder("bash", ROOT.resolve("registry").toString(), "up")
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("REGISTRY_")
                || name.equals("JAVA_OPTS"));
        env.put("JAVA_HOME", jdk.getParent().toString());
        env.put("REGISTRY_DATA_DIR", temp.resolve("data").toString());
        env.put("REGISTRY_NO_BUILD", "1");
        env.put("REGISTRY_ADMIN_TOKEN", "crt_" + "b".repeat(43));
        env.put("REGISTRY_CORS_ALLOWED_ORIGINS", "https://admin.example.com");
        env.put("COMMAND_PORT", Integer.toString(commandPort));
        env.put("QUERY_PORT", Integer.toString(queryPort));
        Process process = pb.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(output).isTrue();

        assertThat(output).contains("cors=[https://admin.example.com,http://localhost:" + queryPort
                + ",http://127.0.0.1:" + queryPort + "]");
        assertThat(output).contains("command-url=[http://localhost:" + commandPort + "]");
    }

    @Test
    @DisplayName("docker-compose.yml allows each published console's origin and points it at a published command side")
    void theComposeFileWiresEveryConsole() throws Exception {
        String compose = Files.readString(ROOT.resolve("docker-compose.yml"));
        Matcher cors = Pattern.compile("REGISTRY_CORS_ALLOWED_ORIGINS: \\$\\{REGISTRY_CORS_ALLOWED_ORIGINS:-([^}]*)}")
                .matcher(compose);
        assertThat(cors.find()).as("a default CORS list in the shared environment").isTrue();
        List<String> origins = List.of(cors.group(1).split(","));

        List<String> consolePorts = published(compose, 8081);
        List<String> commandPorts = published(compose, 8080);
        assertThat(consolePorts).as("published query sides (consoles)").isNotEmpty();
        for (String port : consolePorts) {
            assertThat(origins).as("the console on %s", port)
                    .contains("http://localhost:" + port, "http://127.0.0.1:" + port);
        }
        Matcher urls = Pattern.compile("REGISTRY_CONSOLE_COMMAND_URL: http://localhost:(\\d+)").matcher(compose);
        List<String> named = new ArrayList<>();
        while (urls.find()) {
            named.add(urls.group(1));
        }
        // the query side without one uses http://localhost:8080, its own default
        named.add("8080");
        assertThat(commandPorts).as("every command side a console names is published").containsAll(named);
        // the environment that carries the CORS list is merged into every service
        Matcher merged = Pattern.compile("<<: (\\*database\\b|\\[[^\\]]*\\*database\\b[^\\]]*\\])").matcher(compose);
        int services = 0;
        while (merged.find()) {
            services++;
        }
        assertThat(services).as("services with the shared environment").isEqualTo(commandPorts.size() + consolePorts.size());
    }

    private static List<String> published(String compose, int containerPort) {
        Matcher m = Pattern.compile("- \"(\\d+):" + containerPort + "\"").matcher(compose);
        List<String> ports = new ArrayList<>();
        while (m.find()) {
            ports.add(m.group(1));
        }
        return ports;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
