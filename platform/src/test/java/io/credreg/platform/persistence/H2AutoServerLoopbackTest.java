package io.credreg.platform.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;

import java.io.Reader;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * With the environment post-processor applied, as at the start of either side, H2's auto-server listens on loopback
 * only and its lock file names no other address.
 */
class H2AutoServerLoopbackTest {

    @TempDir
    Path dataDir;

    @Test
    void theAutoServerListensOnLoopbackOnly() throws Exception {
        new EmbeddedDatabaseBindAddress().postProcessEnvironment(new StandardEnvironment(), null);
        EmbeddedDatabaseBindAddress.requireLoopback();
        H2FileDatabase database = H2FileDatabase.of("jdbc:h2:file:" + dataDir.resolve("registry")
                + ";AUTO_SERVER=TRUE");

        try (Connection ignored = DriverManager.getConnection(database.url(), "sa", "secret-for-the-test")) {
            Properties lock = new Properties();
            try (Reader reader = Files.newBufferedReader(database.lockFile())) {
                lock.load(reader);
            }
            String server = lock.getProperty("server");
            assertThat(server).as("the lock file names the auto-server").isNotBlank();
            String host = server.substring(0, server.lastIndexOf(':'));
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            assertThat(EmbeddedDatabaseBindAddress.isLoopback(host)).as("host in the lock file: " + host).isTrue();

            List<InetAddress> listening = listeningAddresses(port);
            assumeThat(listening).as("sockets of port " + port + " in /proc/net (Linux only)").isNotEmpty();
            assertThat(listening).allSatisfy(address ->
                    assertThat(address.isLoopbackAddress()).as(address + " listening on port " + port).isTrue());
        }
    }

    @Test
    void loopbackMeansLoopback() {
        assertThat(EmbeddedDatabaseBindAddress.isLoopback("127.0.0.1")).isTrue();
        assertThat(EmbeddedDatabaseBindAddress.isLoopback("localhost")).isTrue();
        assertThat(EmbeddedDatabaseBindAddress.isLoopback("::1")).isTrue();
        assertThat(EmbeddedDatabaseBindAddress.isLoopback("0.0.0.0")).isFalse();
        assertThat(EmbeddedDatabaseBindAddress.isLoopback("10.1.2.3")).isFalse();
        assertThat(EmbeddedDatabaseBindAddress.isLoopback("")).isFalse();
        assertThat(EmbeddedDatabaseBindAddress.isLoopback(null)).isFalse();
    }

    /** The local addresses of the listening TCP sockets on this port, from /proc/net/tcp and tcp6. */
    static List<InetAddress> listeningAddresses(int port) throws Exception {
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
                    addresses.add(decode(local[0]));
                }
            }
        }
        return addresses;
    }

    /** /proc/net writes an address as 32-bit words in host (little-endian) byte order. */
    private static InetAddress decode(String hex) throws Exception {
        byte[] raw = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        byte[] bytes = new byte[raw.length];
        for (int word = 0; word < raw.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                bytes[word + i] = raw[word + 3 - i];
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}
