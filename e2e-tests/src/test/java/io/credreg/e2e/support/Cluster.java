package io.credreg.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * Several command-side and query-side processes over one PostgreSQL database: the production scale-out shape. Every
 * process gets its own port, data directory and log file (under {@code target/e2e-logs/multinode-<stamp>}); all
 * command nodes share one master key. Launched like {@link RegistryEnvironment} launches its two processes.
 */
public final class Cluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(
            Long.getLong("registry.e2e.start-timeout-seconds", 180));
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    public enum Kind {
        COMMAND("command-side", "COMMAND_PORT"),
        QUERY("query-side", "QUERY_PORT");

        final String module;
        final String portVariable;

        Kind(String module, String portVariable) {
            this.module = module;
            this.portVariable = portVariable;
        }
    }

    /** One running process of the cluster. */
    public static final class Node {
        private final String name;
        private final Kind kind;
        private final int port;
        private final Path log;
        private final Process process;
        private final Map<String, String> extraEnv;

        Node(String name, Kind kind, int port, Path log, Process process, Map<String, String> extraEnv) {
            this.name = name;
            this.kind = kind;
            this.port = port;
            this.log = log;
            this.process = process;
            this.extraEnv = Map.copyOf(extraEnv);
        }

        public String name() {
            return name;
        }

        public Kind kind() {
            return kind;
        }

        public int port() {
            return port;
        }

        public long pid() {
            return process.pid();
        }

        public Path log() {
            return log;
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        public URI base() {
            return URI.create("http://127.0.0.1:" + port);
        }

        @Override
        public String toString() {
            return name + " (pid " + pid() + ", :" + port + ")";
        }
    }

    private final Database.PgSettings pg;
    private final Path work;
    private final Path logDir;
    private final String masterKey;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<Kind, Path> jars = new java.util.EnumMap<>(Kind.class);
    private int counter;

    private Cluster(Database.PgSettings pg) throws IOException {
        this.pg = pg;
        this.work = Path.of(System.getProperty("registry.e2e.work-dir", "target")).toAbsolutePath();
        String stamp = "multinode-" + LocalDateTime.now().format(STAMP);
        this.logDir = Files.createDirectories(work.resolve("e2e-logs").resolve(stamp));
        Path jarDir = Files.createDirectories(work.resolve("e2e-data").resolve(stamp).resolve("jars"));
        // Private copies: a rebuild of the jars while the cluster runs (a parallel build in the same tree) must not
        // pull classes out from under the running processes or the ones started later (the replay node).
        for (Kind kind : Kind.values()) {
            Path copy = jarDir.resolve(jar(kind).getFileName());
            Files.copy(jar(kind), copy);
            jars.put(kind, copy);
        }
        checkSameSharedApi(jars.get(Kind.COMMAND), jars.get(Kind.QUERY));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.masterKey = Base64.getEncoder().encodeToString(key);
    }

    private final String adminToken = RegistryEnvironment.newAdminToken();

    /**
     * A cluster over the PostgreSQL database of {@code REGISTRY_E2E_PG_URL}, whose schema is reset first. Skips (or
     * fails, with {@code REGISTRY_E2E_REQUIRE_PG=true}) when PostgreSQL is not available. No process runs yet.
     */
    public static Cluster onFreshPostgres() {
        Database.PgSettings pg = Database.postgresOrSkip();
        return on(pg);
    }

    /** A cluster over this PostgreSQL database (a {@link PrivatePostgres}, say), whose schema is reset first. */
    public static Cluster on(Database.PgSettings pg) {
        Database.resetSchema(pg);
        try {
            Cluster cluster = new Cluster(pg);
            // a backstop for a test JVM that ends without running @AfterAll
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "e2e-cluster-stopper"));
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Launches a process (without waiting for it); {@code extraEnv} adds to the environment every node gets. */
    public synchronized Node launch(Kind kind, Map<String, String> extraEnv) {
        counter++;
        return launch(kind.module + "-" + counter, kind, freePort(), extraEnv);
    }

    /**
     * Starts the production shape: {@code commands} command nodes and {@code queries} query nodes, the first command
     * node alone first (it applies the migrations, once), then the others side by side; waits until all are healthy.
     * Returns the command nodes, then the query nodes. Stops them all when one fails to start.
     */
    public List<Node> start(int commands, int queries, Map<String, String> commandEnv, Map<String, String> queryEnv) {
        List<Node> started = new ArrayList<>();
        try {
            Node first = launch(Kind.COMMAND, commandEnv);
            awaitHealthy(first);
            started.add(first);
            for (int i = 1; i < commands; i++) {
                started.add(launch(Kind.COMMAND, commandEnv));
            }
            for (int i = 0; i < queries; i++) {
                started.add(launch(Kind.QUERY, queryEnv));
            }
            for (Node n : started.subList(1, started.size())) {
                awaitHealthy(n);
            }
            return started;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Starts a node again after it was killed or stopped: the same name, port, data directory, log (appended) and
     * environment, so clients that know its address reach it again. Does not wait for it to be healthy.
     */
    public synchronized Node restart(Node node) {
        if (node.isAlive()) {
            throw new IllegalStateException(node + " still runs");
        }
        nodes.remove(node);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!portFree(node.port) && System.nanoTime() < deadline) {
            RegistryEnvironment.sleep(100);
        }
        return launch(node.name, node.kind, node.port, node.extraEnv);
    }

    private synchronized Node launch(String name, Kind kind, int port, Map<String, String> extraEnv) {
        Path dataDir;
        try {
            dataDir = Files.createDirectories(logDir.getParent().getParent().resolve("e2e-data")
                    .resolve(logDir.getFileName()).resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = logDir.resolve(name + ".log");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString()));
        if (!Boolean.getBoolean(RegistryEnvironment.PRODUCTION_JVM)) {
            cmd.addAll(List.of("-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        }
        cmd.addAll(RegistryEnvironment.appJvmOptions());
        cmd.addAll(List.of("-Daxoniq.update-checker.disabled=true", "-jar", jars.get(kind).toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dataDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(n -> n.startsWith("SPRING_") || n.startsWith("REGISTRY_") || n.startsWith("SERVER_")
                || n.startsWith("MANAGEMENT_") || n.startsWith("AXON_") || n.equals("COMMAND_PORT")
                || n.equals("QUERY_PORT"));
        env.put(kind.portVariable, Integer.toString(port));
        env.put("REGISTRY_DATA_DIR", dataDir.toString());
        env.put("REGISTRY_MASTER_KEY", masterKey);
        env.put("REGISTRY_ADMIN_TOKEN", adminToken);
        env.put("REGISTRY_AUTH_FAILURE_LIMIT", "1000000");
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // nodes start side by side, so each may be the first: every node can migrate
        pg.applyTo(env, true);
        RegistryEnvironment.applyPoolSize(env);
        env.putAll(extraEnv);
        try {
            Process p = pb.start();
            Node node = new Node(name, kind, port, log, p, extraEnv);
            nodes.add(node);
            RegistryEnvironment.log("launched " + node + " " + extraEnv + " (log " + log + ")");
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until the node's health endpoint answers UP; fails with its log when it dies or times out. */
    public void awaitHealthy(Node node) {
        awaitHealthy(node, START_TIMEOUT);
    }

    /** As {@link #awaitHealthy(Node)}, with a timeout of its own (a node restarted on a machine under load). */
    public void awaitHealthy(Node node, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(node.base().resolve("/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (!node.isAlive()) {
                throw new IllegalStateException(node + " exited with code " + node.process.exitValue()
                        + " while starting\n" + RegistryEnvironment.tail(node.log, 80));
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
            RegistryEnvironment.sleep(250);
        }
        throw new IllegalStateException(node + " not healthy after " + timeout.toSeconds() + " s (last: "
                + last + ")\n" + RegistryEnvironment.tail(node.log, 80));
    }

    /** An {@link Api} speaking to this command node and this query node. */
    public Api api(Node commandNode, Node queryNode) {
        return new Api(commandNode.base(), queryNode.base(), adminToken);
    }

    /** Stops one node (SIGTERM, then SIGKILL after 30 s). */
    public void stop(Node node) {
        Process p = node.process;
        if (!p.isAlive()) {
            return;
        }
        {
            p.destroy();
            try {
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    RegistryEnvironment.log(node + " did not stop within 30 s; killing it");
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        RegistryEnvironment.log(node + " stopped");
    }

    /** Kills one node at once (SIGKILL, as {@code kill -9}): it releases nothing, its claims must time out. */
    public void kill(Node node) {
        node.process.destroyForcibly();
        try {
            node.process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RegistryEnvironment.log(node + " killed");
    }

    /** Fails (with the node's log tail) when a node died. */
    public void checkAlive(Node node) {
        if (!node.isAlive()) {
            throw new IllegalStateException(node + " died (exit " + node.process.exitValue() + ")\n"
                    + RegistryEnvironment.tail(node.log, 80));
        }
    }

    public synchronized List<Node> nodes() {
        return List.copyOf(nodes);
    }

    public Path logDir() {
        return logDir;
    }

    public Connection jdbc() throws SQLException {
        return pg.connect();
    }

    /** The last lines of every node's log. */
    public String logTails(int lines) {
        StringBuilder out = new StringBuilder();
        for (Node n : nodes()) {
            out.append("----- ").append(n).append(" (last ").append(lines).append(" lines, ").append(n.log)
                    .append(") -----\n").append(RegistryEnvironment.tail(n.log, lines)).append('\n');
        }
        return out.toString();
    }

    /** Stops every node, query nodes first. Idempotent. */
    @Override
    public synchronized void close() {
        for (Kind kind : List.of(Kind.QUERY, Kind.COMMAND)) {
            for (Node n : nodes) {
                if (n.kind == kind) {
                    stop(n);
                }
            }
        }
    }

    private static Path jar(Kind kind) {
        Path root = Path.of(System.getProperty("registry.root", "..")).toAbsolutePath().normalize();
        String version = System.getProperty("registry.version", "0.1.0-SNAPSHOT");
        Path jar = root.resolve(kind.module).resolve("target").resolve(kind.module + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run `./mvnw -B install -DskipTests` first");
        }
        return jar;
    }

    private static void checkSameSharedApi(Path commandJar, Path queryJar) {
        String entry = "BOOT-INF/lib/shared-api-" + System.getProperty("registry.version", "0.1.0-SNAPSHOT") + ".jar";
        if (crcOf(commandJar, entry) != crcOf(queryJar, entry)) {
            throw new IllegalStateException("the command-side and query-side jars carry different builds of "
                    + "shared-api (" + entry + "); rebuild both: ./mvnw -B install -DskipTests");
        }
    }

    private static long crcOf(Path jar, String entry) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            var e = zip.getEntry(entry);
            if (e == null) {
                throw new IllegalStateException(jar + " has no " + entry);
            }
            return e.getCrc();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
