package io.credreg.e2e.h2;

import io.credreg.e2e.SecurityScenarios;
import io.credreg.e2e.support.Database;
import io.credreg.e2e.support.RegistryEnvironment;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Order(15)
class SecurityH2IT extends SecurityScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }

    @Test
    @DisplayName("the embedded database is closed to other users: owner-only files, a loopback auto-server, a password")
    void embeddedDatabaseIsClosedToOtherLocalUsers() throws Exception {
        Path data = env.dataDir();
        assertThat(permissions(data)).as("the data directory").isEqualTo("rwx------");
        List<String> open = new ArrayList<>();
        try (Stream<Path> files = Files.list(data)) {
            files.filter(file -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)).forEach(file -> {
                String permissions = permissions(file);
                if (!permissions.endsWith("------")) {
                    open.add(file.getFileName() + " " + permissions);
                }
            });
        }
        assertThat(open).as("files in the data directory others may read").isEmpty();
        assertThat(permissions(data.resolve(RegistryEnvironment.H2_PASSWORD_FILE))).isEqualTo("rw-------");
        assertThat(permissions(data.resolve("registry.mv.db"))).isEqualTo("rw-------");

        // the lock file names the auto-server (and holds its key): loopback only, owner-only
        Path lock = data.resolve("registry.lock.db");
        assertThat(permissions(lock)).isEqualTo("rw-------");
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(lock, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        }
        String server = properties.getProperty("server", "");
        assertThat(server).as("lock file: " + properties).contains(":");
        String host = server.substring(0, server.lastIndexOf(':'));
        int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
        for (InetAddress address : InetAddress.getAllByName(host)) {
            assertThat(address.isLoopbackAddress()).as("address in the lock file: " + server).isTrue();
        }
        List<InetAddress> listening = listeningAddresses(port);
        assertThat(listening).as("sockets listening on the auto-server's port " + port).isNotEmpty()
                .allSatisfy(address -> assertThat(address.isLoopbackAddress()).as(address.toString()).isTrue());

        // the empty password of old no longer opens it; the generated one does
        assertThatThrownBy(() -> DriverManager.getConnection(env.h2Url(), "sa", "").close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode()).isEqualTo(28000));
        try (Connection connection = env.jdbc()) {
            assertThat(connection.isValid(5)).isTrue();
        }

        // each side said in one line what it tightened, and neither logged the password; tokens are the only
        // credentials, so neither has a generated login password to announce either
        String password = env.h2Password();
        assertThat(password).hasSizeGreaterThanOrEqualTo(40);
        for (Path log : List.of(env.commandLog(), env.queryLog())) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(text).as(log.toString())
                    .containsPattern("Data directory .*: (made owner-only|already owner-only)")
                    .doesNotContain(password).doesNotContain("generated security password");
        }
    }

    @Test
    @DisplayName("an embedded database from before the password existed is moved to a generated one and keeps its data")
    void anOldDatabaseWithTheEmptyPasswordIsMovedToAGeneratedOne() throws Exception {
        long events = env.eventCount();
        String before = env.h2Password();
        Path data = env.dataDir();
        env.stop();
        // what an older version left: the empty password, no password file, a data directory open to others
        try (Connection connection = DriverManager.getConnection(env.h2Url(), "sa", before);
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER USER SA SET PASSWORD ''");
        }
        Files.delete(data.resolve(RegistryEnvironment.H2_PASSWORD_FILE));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(data.resolve("registry.mv.db"), PosixFilePermissions.fromString("rw-r--r--"));

        int logBefore = Files.readAllBytes(env.commandLog()).length;
        env.restart();

        String after = env.h2Password();
        assertThat(after).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(before);
        assertThat(env.eventCount()).as("events kept").isEqualTo(events);
        assertThatThrownBy(() -> DriverManager.getConnection(env.h2Url(), "sa", "").close())
                .isInstanceOf(SQLException.class);
        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.resolve("registry.mv.db"))).isEqualTo("rw-------");
        byte[] log = Files.readAllBytes(env.commandLog());
        String commandLog = new String(log, logBefore, log.length - logBefore, StandardCharsets.UTF_8);
        assertThat(commandLog).contains("had no password: it now has the generated one kept in database.password")
                .contains("the data directory (was rwxr-xr-x)", "registry.mv.db (was rw-r--r--)")
                .doesNotContain(after);
        api.command("GET", "/api/tokens").send().expect(200);
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The local addresses of the TCP sockets listening on this port, from /proc/net/tcp and tcp6 (Linux). */
    private static List<InetAddress> listeningAddresses(int port) throws Exception {
        List<InetAddress> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (Integer.parseInt(local[1], 16) == port && fields[3].equals("0A")) {
                    byte[] raw = HexFormat.of().parseHex(local[0].toLowerCase(Locale.ROOT));
                    byte[] bytes = new byte[raw.length];
                    for (int word = 0; word < raw.length; word += 4) {
                        for (int i = 0; i < 4; i++) {
                            bytes[word + i] = raw[word + 3 - i]; // words in host (little-endian) order
                        }
                    }
                    addresses.add(InetAddress.getByAddress(bytes));
                }
            }
        }
        return addresses;
    }
}
