package io.credreg.command.credential;

import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.ReadSecretVersion;
import io.credreg.command.CommandSideIntegrationTest;
import io.credreg.command.infrastructure.CommandCacheProperties;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.Repository;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A benchmark, not a test (issue 10): loading a credential whose stream holds 1,000,000 events after a cache miss,
 * with the production snapshot trigger ({@link BindingSizedSnapshots}: after {@code registry.command.snapshot-every},
 * 100, events, or as many as the credential held bindings, here at most one), against loading one of 10,000 events
 * without a snapshot in the same run. Its name does not end in {@code Test}, so only an explicit
 * {@code -Dtest=CredentialLoadBenchmark} runs it:
 * <pre>
 * ./mvnw -B -pl shared-api,platform,command-side -am test -Dtest=CredentialLoadBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false [-Dbench.events=1000000 -Dbench.loads=50 -Dbench.database=POSTGRES]
 * </pre>
 * The database is an H2 file under {@code target/} (as {@code ./registry up} keeps it), or with
 * {@code -Dbench.database=POSTGRES} the PostgreSQL of {@code REGISTRY_E2E_PG_URL}/{@code _USER}/{@code _PASSWORD},
 * whose schema {@code public} is dropped first.
 * <p>
 * The credential is created through the API; the rest of its stream is real events of the real types (a setting bound
 * and unbound again, in pairs), appended by the application's own {@link EventStorageEngine} in batches of 1,000 on
 * the real schema, which is what a day of binds and unbinds leaves behind, only faster. Every 10,000 events the
 * credential is loaded through its repository, so the production trigger snapshots it as a command's load would (a
 * command every 100 events would snapshot it a hundred times more often; only the latest snapshot is kept, so the
 * load measured at the end does not differ). The last 50 events are appended after the last snapshot, so a load
 * reads a snapshot and 50 events. Then, {@code bench.loads} times each: the cache is emptied and the clock runs
 * around {@code Repository.load} in a unit of work (rolled back, so the measurement appends nothing), and around a
 * {@code ReadSecretVersion} command, which loads the credential the same way through the command bus. The stream
 * without a snapshot has its snapshot deleted before each of its loads.
 */
class CredentialLoadBenchmark extends CommandSideIntegrationTest {

    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final int SHORT_EVENTS = Integer.getInteger("bench.short-events", 10_000);
    private static final int LOADS = Integer.getInteger("bench.loads", 50);
    private static final int BATCH = 1_000;
    private static final int LOAD_EVERY = 10_000;
    private static final int TAIL = 50;
    private static final String DATABASE = System.getProperty("bench.database", "H2");

    @DynamicPropertySource
    static void benchmarkDatabase(DynamicPropertyRegistry registry) {
        if ("POSTGRES".equals(DATABASE)) {
            String url = required("REGISTRY_E2E_PG_URL");
            String user = required("REGISTRY_E2E_PG_USER");
            String password = required("REGISTRY_E2E_PG_PASSWORD");
            try (Connection c = DriverManager.getConnection(url, user, password);
                 Statement s = c.createStatement()) {
                s.execute("drop schema if exists public cascade");
                s.execute("create schema public");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot reset " + url, e);
            }
            System.setProperty(DATASOURCE_URL, url);
            registry.add("spring.datasource.username", () -> user);
            registry.add("spring.datasource.password", () -> password);
        } else {
            Path dir = Path.of("target", "credential-load-benchmark").toAbsolutePath();
            try {
                if (Files.isDirectory(dir)) {
                    try (var files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty(DATASOURCE_URL, "jdbc:h2:file:" + dir.resolve("registry"));
        }
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    @Autowired
    private EventStorageEngine storageEngine;
    @Autowired
    private TransactionManager transactions;
    @Autowired
    private Repository<Credential> credentials;
    @Autowired
    private CommandGateway commands;
    @Autowired
    @Qualifier("credentialCache")
    private Cache credentialCache;
    @Autowired
    private CommandCacheProperties cacheProperties;

    @Test
    void loadingAMillionEventCredentialAfterACacheMiss() throws IOException {
        assertThat(cacheProperties.snapshotEvery()).as("the production default").isEqualTo(100);
        String url = jdbc.execute((Connection c) -> c.getMetaData().getURL());
        log(DATABASE + " (" + url.replaceAll("//[^/]*/", "//…/") + "), snapshots after at least "
                + cacheProperties.snapshotEvery() + " events");

        String longId = createOpenAiCredential();
        long started = System.nanoTime();
        append(longId, EVENTS - TAIL, true);
        double buildSeconds = seconds(started);
        loadCommitted(longId); // the last snapshot before the tail
        append(longId, EVENTS, false);
        long longStream = streamLength(longId);
        Long snapshotAt = jdbc.queryForObject(
                "select max(sequence_number) from snapshot_event_entry where aggregate_identifier = ?", Long.class,
                longId);
        log(String.format(Locale.ROOT, "%,d events appended in %.1f s; snapshot at sequence %d", longStream,
                buildSeconds, snapshotAt));
        assertThat(longStream).isEqualTo(EVENTS);
        assertThat(snapshotAt).isNotNull().isGreaterThanOrEqualTo(EVENTS - TAIL - 1L);

        String shortId = createOpenAiCredential();
        append(shortId, SHORT_EVENTS, false);
        assertThat(streamLength(shortId)).isEqualTo(SHORT_EVENTS);
        Runnable noSnapshot = () -> jdbc.update("delete from snapshot_event_entry where aggregate_identifier = ?",
                shortId);
        noSnapshot.run();

        // warm-up: the code paths, not the credential (the cache is emptied before every timed load)
        for (int i = 0; i < 5; i++) {
            timeRepositoryLoad(longId);
            noSnapshot.run();
            timeRepositoryLoad(shortId);
            timeCommand(longId);
        }
        double[] longLoads = new double[LOADS];
        double[] shortLoads = new double[LOADS];
        double[] longCommands = new double[LOADS];
        for (int i = 0; i < LOADS; i++) { // interleaved, so that whatever else runs on the machine hits both
            longLoads[i] = timeRepositoryLoad(longId);
            noSnapshot.run();
            shortLoads[i] = timeRepositoryLoad(shortId);
            longCommands[i] = timeCommand(longId);
        }
        assertThat(streamLength(longId)).as("the measurement appended nothing").isEqualTo(EVENTS);

        String md = "# Loading a credential after a cache miss (" + DATABASE + ", " + Instant.now() + ")\n\n"
                + "| stream | loads | median ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|\n"
                + row(String.format(Locale.ROOT, "%,d events, production snapshot trigger (a snapshot and %d "
                + "events): Repository.load", EVENTS, EVENTS - 1 - snapshotAt), longLoads)
                + row(String.format(Locale.ROOT, "%,d events, the same: a ReadSecretVersion command", EVENTS),
                longCommands)
                + row(String.format(Locale.ROOT, "%,d events, no snapshot: Repository.load", SHORT_EVENTS),
                shortLoads)
                + String.format(Locale.ROOT, "%nBuilding the %,d-event stream took %.1f s (%,.0f events/s).%n", EVENTS,
                buildSeconds, EVENTS / buildSeconds);
        Path out = Path.of("target", "benchmarks", "credential-load.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, md);
        log("\n" + md);
    }

    /**
     * Appends bind/unbind pairs to the credential's stream until it holds {@code upTo} events, in batches of
     * {@link #BATCH} each in its own transaction; with {@code loading}, loads it every {@link #LOAD_EVERY} events so
     * that the snapshot trigger fires.
     */
    private void append(String credentialId, int upTo, boolean loading) {
        String type = jdbc.queryForObject("select type from domain_event_entry where aggregate_identifier = ? "
                + "and sequence_number = 0", String.class, credentialId);
        long next = streamLength(credentialId);
        long sinceLoad = 0;
        long lastLog = System.nanoTime();
        long loadNanos = 0;
        long begun = System.nanoTime();
        while (next < upTo) {
            List<DomainEventMessage<?>> batch = new ArrayList<>(BATCH);
            while (batch.size() < BATCH && next < upTo) {
                String instance = "load-" + (next / 2 % 500);
                Object payload = next % 2 == 1
                        ? new SettingBound(credentialId, instance, "openai.default", "openai", null)
                        : new SettingUnbound(credentialId, instance, "openai.default", UnbindReason.REQUESTED);
                batch.add(new GenericDomainEventMessage<>(type, credentialId, next, payload));
                next++;
            }
            transactions.executeInTransaction(() -> storageEngine.appendEvents(batch));
            sinceLoad += batch.size();
            if (loading && sinceLoad >= LOAD_EVERY) {
                long load = System.nanoTime();
                loadCommitted(credentialId);
                loadNanos += System.nanoTime() - load;
                sinceLoad = 0;
            }
            if (System.nanoTime() - lastLog > 30_000_000_000L) {
                log(String.format(Locale.ROOT, "%,d events in %s after %.0f s (%.0f s of it loading)", next,
                        credentialId, seconds(begun), loadNanos / 1e9));
                lastLog = System.nanoTime();
            }
        }
    }

    /** A load in a unit of work that commits, as a command's would: the trigger snapshots what it read. */
    private void loadCommitted(String credentialId) {
        credentialCache.removeAll();
        DefaultUnitOfWork.startAndGet(null).execute(() -> credentials.load(credentialId));
    }

    /** Milliseconds to load the credential through its repository after the cache was emptied. */
    private double timeRepositoryLoad(String credentialId) {
        credentialCache.removeAll();
        UnitOfWork<?> uow = DefaultUnitOfWork.startAndGet(null);
        try {
            long start = System.nanoTime();
            credentials.load(credentialId);
            return (System.nanoTime() - start) / 1e6;
        } finally {
            uow.rollback();
        }
    }

    /** Milliseconds for a command that loads the credential, sent after the cache was emptied. */
    private double timeCommand(String credentialId) {
        credentialCache.removeAll();
        long start = System.nanoTime();
        Integer version = commands.sendAndWait(new ReadSecretVersion(credentialId));
        double millis = (System.nanoTime() - start) / 1e6;
        assertThat(version).isEqualTo(1);
        return millis;
    }

    private long streamLength(String credentialId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, credentialId);
    }

    private static String row(String what, double[] millis) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f | %.2f |%n", what, sorted.length,
                percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1]);
    }

    /** Nearest rank. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void log(String message) {
        System.out.println("[bench] " + message);
    }
}
