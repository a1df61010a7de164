package io.credreg.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.opentest4j.TestAbortedException;

/**
 * A throwaway PostgreSQL server of the suite's own (Debian's {@code initdb} and {@code pg_ctl}), in a temporary
 * directory, on a free port of 127.0.0.1: a test may crash and restart it without disturbing the shared server other
 * test runs use. When the JVM runs as root (CI does), the server runs as the {@code postgres} OS user, since
 * {@code initdb} refuses root. The server has a schema owner (a superuser, who migrates) and an application role
 * that owns nothing, as production has (decision 0150); {@link #settings()} names both.
 * <p>
 * {@code fsync} is off: a restart here is a crash of the server process ({@code pg_ctl restart -m immediate}), not of
 * the machine, so what was written reached the OS and crash recovery replays the WAL as it would after any crash.
 */
public final class PrivatePostgres implements AutoCloseable {

    private static final String OWNER = "chaos_owner";
    private static final String APP = "chaos_app";
    private static final String DATABASE = "registry";

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean asPostgresUser;
    private final Database.PgSettings settings;
    private int restarts;

    private PrivatePostgres(Path dir, Path bin, int port, boolean asPostgresUser, String ownerPassword,
                            String appPassword) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.settings = new Database.PgSettings("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE, OWNER,
                ownerPassword, APP, appPassword);
    }

    /**
     * Initialises and starts a server. Skips the test (or fails it, when {@code REGISTRY_E2E_REQUIRE_PG=true}) when
     * PostgreSQL's server binaries are not installed or the server does not start, and also when PostgreSQL is neither
     * required nor configured ({@code REGISTRY_E2E_PG_URL}), like the other PostgreSQL tests.
     */
    public static PrivatePostgres startOrSkip(Path under) {
        String url = System.getenv("REGISTRY_E2E_PG_URL");
        if (!Database.pgRequired() && (url == null || url.isBlank())) {
            // like every PostgreSQL test: it runs where PostgreSQL is required or configured, not on a bare laptop
            unavailable("neither REGISTRY_E2E_PG_URL nor REGISTRY_E2E_REQUIRE_PG=true is set", null);
        }
        Path bin = serverBinaries();
        if (bin == null) {
            unavailable("PostgreSQL's server binaries (initdb, pg_ctl) are not installed", null);
        }
        try {
            boolean root = "0".equals(run(List.of("id", "-u"), 10).strip());
            Files.createDirectories(under);
            Path dir = Files.createTempDirectory(under, "pg-");
            if (root) {
                run(List.of("chown", "postgres:postgres", dir.toString()), 10);
            }
            SecureRandom random = new SecureRandom();
            String ownerPassword = HexFormat.of().formatHex(bytes(random));
            String appPassword = HexFormat.of().formatHex(bytes(random));
            PrivatePostgres pg = new PrivatePostgres(dir, bin, freePort(), root, ownerPassword, appPassword);
            pg.init(ownerPassword);
            pg.start();
            pg.createDatabaseAndRoles();
            Runtime.getRuntime().addShutdownHook(new Thread(pg::close, "e2e-private-postgres-stopper"));
            return pg;
        } catch (IOException | RuntimeException e) {
            unavailable("a private PostgreSQL server did not start: " + e.getMessage(), e);
            throw new IllegalStateException("unreachable");
        }
    }

    private static byte[] bytes(SecureRandom random) {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    public Database.PgSettings settings() {
        return settings;
    }

    public int port() {
        return port;
    }

    public int restarts() {
        return restarts;
    }

    /** {@code pg_ctl restart -m immediate}: every backend dies at once, as in a crash; recovery replays the WAL. */
    public void crashRestart() {
        restart("immediate");
    }

    /** {@code pg_ctl restart -m fast}: open transactions are rolled back, connections closed, a clean shutdown. */
    public void fastRestart() {
        restart("fast");
    }

    private synchronized void restart(String mode) {
        pgCtl(List.of("restart", "-m", mode, "-o", options()), 120);
        restarts++;
        RegistryEnvironment.log("private PostgreSQL on :" + port + " restarted (-m " + mode + ")");
    }

    @Override
    public synchronized void close() {
        if (!Files.isDirectory(dir.resolve("data"))) {
            return;
        }
        try {
            pgCtl(List.of("stop", "-m", "immediate"), 60);
        } catch (RuntimeException e) {
            RegistryEnvironment.log("could not stop the private PostgreSQL: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            RegistryEnvironment.log("could not remove " + dir + ": " + e.getMessage());
        }
    }

    private void init(String ownerPassword) throws IOException {
        Path pw = dir.resolve("pwfile");
        Files.writeString(pw, ownerPassword + "\n");
        if (asPostgresUser) {
            run(List.of("chown", "postgres:postgres", pw.toString()), 10);
        }
        run(asUser(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", OWNER,
                "--pwfile=" + pw, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")), 120);
        Files.delete(pw);
    }

    private void start() {
        pgCtl(List.of("start", "-o", options()), 120);
    }

    private String options() {
        return "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
                + " -c full_page_writes=off";
    }

    private void pgCtl(List<String> args, int timeoutSeconds) {
        List<String> cmd = new ArrayList<>(List.of(bin.resolve("pg_ctl").toString(), "-D",
                dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "90"));
        cmd.addAll(args);
        run(asUser(cmd), timeoutSeconds);
    }

    private void createDatabaseAndRoles() {
        Database.PgSettings postgres = new Database.PgSettings("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                OWNER, settings.password());
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("create role " + APP + " login password '" + settings.appPassword() + "'");
            s.execute("create database " + DATABASE + " owner " + OWNER);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create the database: " + e.getMessage(), e);
        }
    }

    private List<String> asUser(List<String> cmd) {
        if (!asPostgresUser) {
            return cmd;
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        out.addAll(cmd);
        return out;
    }

    /** The newest {@code /usr/lib/postgresql/<version>/bin} with initdb and pg_ctl, or null. */
    private static Path serverBinaries() {
        Path root = Path.of(System.getProperty("registry.e2e.postgres-bin-root", "/usr/lib/postgresql"));
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(b -> versionOf(b.getParent().getFileName().toString())))
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name.replaceAll("[^0-9].*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String run(List<String> cmd, int timeoutSeconds) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out;
            try (var in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not end within " + timeoutSeconds
                        + " s");
            }
            String text = new String(out);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": "
                        + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void unavailable(String why, Throwable cause) {
        if (Database.pgRequired()) {
            throw new IllegalStateException("REGISTRY_E2E_REQUIRE_PG=true but " + why, cause);
        }
        String message = "PostgreSQL chaos test skipped: " + why;
        RegistryEnvironment.log(message);
        throw new TestAbortedException(message);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
