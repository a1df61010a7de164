package io.credreg.e2e;

import io.credreg.e2e.support.StandInLauncher;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        StandInLauncher launcher = new StandInLauncher(temp, """
                echo "cors=[$REGISTRY_CORS_ALLOWED_ORIGINS]"
                echo "command-url=[$REGISTRY_CONSOLE_COMMAND_URL]"
                exit 3
                """);

        String output = launcher.up(temp.resolve("data"),
                Map.of("REGISTRY_CORS_ALLOWED_ORIGINS", "https://admin.example.com"));

        int queryPort = launcher.queryPort();
        assertThat(output).contains("cors=[https://admin.example.com,http://localhost:" + queryPort
                + ",http://127.0.0.1:" + queryPort + "]");
        assertThat(output).contains("command-url=[http://localhost:" + launcher.commandPort() + "]");
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
}
