package io.credreg.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One running registry: the command side and the query side as child processes ({@code java -jar} of the fat jars)
 * over one database, on free ports, with a fresh data directory and master key. Each process's stdout and stderr go
 * to a log file under {@code target/e2e-logs}.
 */
public final class RegistryEnvironment {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(
            Long.getLong("registry.e2e.start-timeout-seconds", 180));
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /** Where the sides keep the embedded database's generated password, in the data directory. */
    public static final String H2_PASSWORD_FILE = "database.password";

    static {
        // Should this JVM ever open the H2 file first (while the registry restarts), its auto-server must not listen
        // on every interface either. H2 reads the property once, when it loads.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    /** The admin-UI origin both sides allow for CORS in the end-to-end runs. */
    public static final String ADMIN_UI_ORIGIN = "https://admin.e2e.test";

    /** A bootstrap admin token in the registry's format. */
    static String newAdminToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "crt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Set by benchmarks: run the apps with the JVM's default flags, as {@code ./registry up} does. */
    public static final String PRODUCTION_JVM = "registry.e2e.production-jvm";
    public static final String APP_JVM_OPTIONS = "registry.e2e.app-jvm-options";
    /** System property: the connection pool size of each application (their default is 24). */
    public static final String DB_POOL_SIZE = "registry.e2e.db-pool-size";

    /** A PostgreSQL shared with other test runs may not have 2 x 24 connections to spare (-Dregistry.e2e.db-pool-size). */
    static void applyPoolSize(Map<String, String> env) {
        String poolSize = System.getProperty(DB_POOL_SIZE);
        if (poolSize != null && !poolSize.isBlank()) {
            env.put("REGISTRY_DB_POOL_SIZE", poolSize.strip());
        }
    }

    private final Database database;
    private final Path dataDir;
    private final Path logDir;
    private final Database.PgSettings pg;
    private final int commandPort;
    private final int queryPort;
    private String masterKey;
    /** The master key being rotated away from, during a master key rotation scenario; null otherwise. */
    private String previousMasterKey;
    private final String adminToken = newAdminToken();
    private Process command;
    private Process query;
    private Api api;
    private long startMillis;

    private RegistryEnvironment(Database database, Database.PgSettings pg) throws IOException {
        this.database = database;
        this.pg = pg;
        Path work = Path.of(System.getProperty("registry.e2e.work-dir", "target")).toAbsolutePath();
        String stamp = database.label() + "-" + LocalDateTime.now().format(STAMP);
        this.dataDir = Files.createDirectories(work.resolve("e2e-data")).resolve(stamp);
        Files.createDirectories(dataDir);
        this.logDir = Files.createDirectories(work.resolve("e2e-logs").resolve(stamp));
        this.commandPort = freePort();
        this.queryPort = freePort();
        this.masterKey = newMasterKey();
    }

    /** A fresh random master key, base64 of 32 bytes. */
    public static String newMasterKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Starts the command side, waits until it is healthy, then the query side. */
    public static RegistryEnvironment start(Database database) {
        Database.PgSettings pg = database == Database.POSTGRES ? Database.postgresOrSkip() : null;
        if (pg != null) {
            Database.resetSchema(pg);
        }
        RegistryEnvironment env;
        try {
            env = new RegistryEnvironment(database, pg);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.startBoth();
        return env;
    }

    private void startBoth() {
        checkSameSharedApi(jar("command-side"), jar("query-side"));
        startMillis = System.currentTimeMillis();
        log("starting the registry on " + database.label() + " (data " + dataDir + ", logs " + logDir + ")");
        try {
            command = launch("command-side", commandPort, commandLog());
            awaitHealthy("command side", command, commandPort, commandLog());
            query = launch("query-side", queryPort, queryLog());
            awaitHealthy("query side", query, queryPort, queryLog());
        } catch (RuntimeException | Error e) {
            stop();
            throw e;
        }
        api = new Api(URI.create("http://127.0.0.1:" + commandPort), URI.create("http://127.0.0.1:" + queryPort),
                adminToken);
        log(String.format("registry on %s is up after %.1f s: command side :%d, query side :%d", database.label(),
                (System.currentTimeMillis() - startMillis) / 1000.0, commandPort, queryPort));
    }

    /**
     * Extra options for every application JVM, of one registry or of a {@link Cluster}, e.g.
     * {@code -Dregistry.e2e.app-jvm-options="-XX:+UseParallelGC"}.
     */
    static List<String> appJvmOptions() {
        String options = System.getProperty(APP_JVM_OPTIONS, "").strip();
        return options.isEmpty() ? List.of() : List.of(options.split("\\s+"));
    }

    private Process launch(String module, int port, Path logFile) {
        Path jar = jar(module);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        if (!Boolean.getBoolean(PRODUCTION_JVM)) {
            // halves the start-up time on two cores; fast enough for tests, not for benchmarks
            cmd.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        }
        cmd.addAll(appJvmOptions());
        cmd.addAll(List.of("-Daxoniq.update-checker.disabled=true", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        configure(pb.environment());
        if (pg != null && !module.equals("command-side")) {
            // as the compose file: only the command side, which starts first, migrates as the schema's owner
            pg.applyTo(pb.environment(), false);
        }
        try {
            log("launching " + module + " on port " + port + " (log " + logFile.getFileName() + ")");
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + module, e);
        }
    }

    /** Where a browser opens the console. */
    public String consoleOrigin() {
        return "http://127.0.0.1:" + queryPort;
    }

    /** This registry's configuration (ports, data directory, master key, database) and nothing of the caller's. */
    private void configure(Map<String, String> env) {
        env.keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("REGISTRY_")
                || name.startsWith("SERVER_") || name.startsWith("MANAGEMENT_") || name.equals("COMMAND_PORT")
                || name.equals("QUERY_PORT") || name.equals("JAVA_OPTS"));
        env.put("COMMAND_PORT", Integer.toString(commandPort));
        env.put("QUERY_PORT", Integer.toString(queryPort));
        env.put("REGISTRY_DATA_DIR", dataDir.toString());
        env.put("REGISTRY_MASTER_KEY", masterKey);
        env.put("REGISTRY_ADMIN_TOKEN", adminToken);
        // every test talks from 127.0.0.1, and the role matrix fails authentications on purpose
        env.put("REGISTRY_AUTH_FAILURE_LIMIT", "1000000");
        // the console (served by the query side) calls the command side from its own origin, as `./registry up` sets up
        env.put("REGISTRY_CORS_ALLOWED_ORIGINS", ADMIN_UI_ORIGIN + "," + consoleOrigin());
        env.put("REGISTRY_CONSOLE_COMMAND_URL", "http://127.0.0.1:" + commandPort);
        if (previousMasterKey != null) {
            env.put("REGISTRY_PREVIOUS_MASTER_KEY", previousMasterKey);
        }
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // staged rotation's due work (decision 0210) within a second, not five
        env.put("REGISTRY_STAGED_ROTATION_POLL_INTERVAL", "1s");
        applyPoolSize(env);
        if (pg != null) {
            pg.applyTo(env, true);
        }
    }

    /** The result of a {@link #runLauncher} call: exit status and everything it printed. */
    public record LauncherRun(int exitCode, String output, Path log) {
    }

    /**
     * Runs {@code ./registry <args>} (the real launcher, with the JDK running the tests) against this registry's data
     * directory, master key and database, and waits for it. Its output is kept under the registry's log directory.
     */
    public LauncherRun runLauncher(String logName, List<String> args, Map<String, String> extraEnv) {
        Path root = Path.of(System.getProperty("registry.root", "..")).toAbsolutePath().normalize();
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("registry").toString()));
        cmd.addAll(args);
        Path logFile = logDir.resolve(logName + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        configure(pb.environment());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // never rebuild: a build would replace the jars of the running registry under its feet
        pb.environment().put("REGISTRY_NO_BUILD", "1");
        pb.environment().put("JAVA_OPTS", "-Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        pb.environment().putAll(extraEnv);
        try {
            log("running ./registry " + args.get(0) + " (output " + logFile + ")");
            Process process = pb.start();
            if (!process.waitFor(START_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./registry " + args.get(0) + " did not finish in time\n"
                        + tail(logFile, 80));
            }
            return new LauncherRun(process.exitValue(), Files.readString(logFile, StandardCharsets.UTF_8), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run ./registry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Path jar(String module) {
        Path root = Path.of(System.getProperty("registry.root", "..")).toAbsolutePath().normalize();
        String version = System.getProperty("registry.version", "0.1.0-SNAPSHOT");
        Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the end-to-end tests need the fat jars; run "
                    + "`./mvnw -B verify` from the repository root (or `./mvnw -B install -DskipTests` first)");
        }
        return jar;
    }

    /**
     * Both sides must carry the same shared-api (contract and Flyway migrations); jars built at different times may
     * not, and then the second side to start fails on a migration checksum mismatch.
     */
    private static void checkSameSharedApi(Path commandJar, Path queryJar) {
        String entry = "BOOT-INF/lib/shared-api-" + System.getProperty("registry.version", "0.1.0-SNAPSHOT") + ".jar";
        long command = crcOf(commandJar, entry);
        long query = crcOf(queryJar, entry);
        if (command != query) {
            throw new IllegalStateException("the command-side and query-side jars carry different builds of "
                    + "shared-api (" + entry + "); rebuild both: ./mvnw -B install -DskipTests");
        }
    }

    private static long crcOf(Path jar, String entry) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            java.util.zip.ZipEntry e = zip.getEntry(entry);
            if (e == null) {
                throw new IllegalStateException(jar + " has no " + entry + ": is it a Spring Boot fat jar? Run "
                        + "./mvnw -B install -DskipTests");
            }
            return e.getCrc();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    private void awaitHealthy(String what, Process process, int port, Path logFile) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(what + " exited with code " + process.exitValue()
                        + " while starting\n" + tail(logFile, 80));
            }
            try {
                HttpResponse<String> r = http.send(health, HttpResponse.BodyHandlers.ofString());
                last = r.statusCode() + " " + r.body();
                if (r.statusCode() == 200 && r.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            sleep(250);
        }
        throw new IllegalStateException(what + " not healthy after " + START_TIMEOUT.toSeconds() + " s (last: "
                + last + ")\n" + tail(logFile, 80));
    }

    /** Stops the query side, then the command side (SIGTERM, then SIGKILL after 30 s). Idempotent. */
    public synchronized void stop() {
        stopProcess("query side", query);
        stopProcess("command side", command);
        query = null;
        command = null;
    }

    private void stopProcess(String what, Process p) {
        if (p == null) {
            return;
        }
        if (p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    log(what + " did not stop within 30 s; killing it");
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        log(what + " stopped (" + database.label() + ")");
    }

    /** Starts both sides again on the same database and data directory, without resetting the schema. */
    public synchronized void restart() {
        stop();
        startBoth();
    }

    /**
     * Kills both sides with SIGKILL, as a crash does (no shutdown hook runs, the embedded database is not closed),
     * then starts them again on the same database and data directory.
     */
    public synchronized void killAndRestart() {
        kill("command side", command);
        kill("query side", query);
        query = null;
        command = null;
        startBoth();
    }

    private void kill(String what, Process p) {
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(what + " outlived kill -9 by 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        log(what + " killed with kill -9 (" + database.label() + ")");
    }

    /**
     * Stops the query side alone, runs {@code whileDown} (the command side still answers), and starts the query
     * side again on the same port: what a console open in a browser sees as a dropped and restored stream.
     */
    public synchronized void restartQuerySide(Runnable whileDown) {
        stopProcess("query side", query);
        query = null;
        whileDown.run();
        query = launch("query-side", queryPort, queryLog());
        awaitHealthy("query side", query, queryPort, queryLog());
    }

    /** Starts both sides again with these master keys (previous may be null), as a master key rotation does. */
    public synchronized void restartWithMasterKeys(String current, String previous) {
        stop();
        this.masterKey = current;
        this.previousMasterKey = previous;
        startBoth();
    }

    public String masterKey() {
        return masterKey;
    }

    public boolean isRunning() {
        return command != null && query != null && command.isAlive() && query.isAlive();
    }

    /** Fails fast (with the app logs) when a process has died under a test. */
    public void checkAlive() {
        if (command != null && !command.isAlive()) {
            throw new IllegalStateException("the command side died (exit " + command.exitValue() + ")\n"
                    + tail(commandLog(), 80));
        }
        if (query != null && !query.isAlive()) {
            throw new IllegalStateException("the query side died (exit " + query.exitValue() + ")\n"
                    + tail(queryLog(), 80));
        }
    }

    public Database database() {
        return database;
    }

    public Api api() {
        return api;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path commandLog() {
        return logDir.resolve("command-side.log");
    }

    public Path queryLog() {
        return logDir.resolve("query-side.log");
    }

    public Database.PgSettings postgres() {
        return pg;
    }

    /** A JDBC connection to the registry's database (H2 through its auto-server, or PostgreSQL). */
    public Connection jdbc() throws SQLException {
        if (pg != null) {
            return pg.connect();
        }
        return DriverManager.getConnection(h2Url(), "sa", h2Password());
    }

    /** The embedded database's JDBC URL, as both sides configure it. */
    public String h2Url() {
        return "jdbc:h2:file:" + dataDir.resolve("registry") + ";AUTO_SERVER=TRUE";
    }

    /**
     * The embedded database's password, which the side that started first generated into the data directory
     * (the empty one for a data directory from before it existed).
     */
    public String h2Password() {
        Path file = dataDir.resolve(H2_PASSWORD_FILE);
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.US_ASCII).strip() : "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Rows in Axon's event table. */
    public long eventCount() {
        try (Connection c = jdbc(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from domain_event_entry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not count events: " + e.getMessage(), e);
        }
    }

    /** The last lines of both app logs, for failure reports. */
    public String logTails(int lines) {
        return "----- command side log (last " + lines + " lines, " + commandLog() + ") -----\n"
                + tail(commandLog(), lines)
                + "\n----- query side log (last " + lines + " lines, " + queryLog() + ") -----\n"
                + tail(queryLog(), lines);
    }

    public static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no log " + file + ")";
            }
            List<String> all = List.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n"));
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public static void sleepMillis(long millis) {
        sleep(millis);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void log(String message) {
        System.out.println("[e2e] " + message);
    }
}
