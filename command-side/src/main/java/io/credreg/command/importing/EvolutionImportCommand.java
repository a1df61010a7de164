package io.credreg.command.importing;

import io.credreg.command.secret.FingerprintKeyStore;
import io.credreg.command.secret.MasterKeyRing;
import io.credreg.command.secret.MasterKeyLoader;
import io.credreg.command.secret.SecretSealer;
import io.credreg.platform.persistence.EmbeddedDatabasePassword;
import io.credreg.platform.persistence.H2FileDatabase;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * {@code java -jar command-side.jar import-evolution --source-url <jdbc url> [--source-user <user>]
 * [--source-password <password>] [--dry-run]} ({@code ./registry import-evolution ...}): imports the OpenAI
 * credentials of an Evolution platform's PostgreSQL database into the registry this jar is configured for (the same
 * {@code REGISTRY_DATA_DIR}, {@code SPRING_DATASOURCE_*} and {@code REGISTRY_MASTER_KEY} as {@code ./registry up}).
 * <p>
 * The source is read first, so an unreachable source changes nothing. A dry run then reads the registry's lookup
 * tables read-only, over one plain connection, and prints the plan: it starts no application, runs no migration,
 * generates no master key and creates no database file. A real run starts the command side without a web server
 * (so it may run next to {@code ./registry up}: the embedded H2 database is opened with {@code AUTO_SERVER}),
 * plans against the same tables, prints the plan and carries it out with the registry's own commands. Both open the
 * embedded database with its generated password ({@code database.password} in the data directory), as the sides do.
 * <p>
 * Exit status: 0 when the import (or the plan) went through, rows skipped for their data included; 1 when the
 * source or the registry cannot be read or a command failed; 2 for bad arguments.
 */
public final class EvolutionImportCommand {

    public static final String NAME = "import-evolution";
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    /** Where the source password may come from instead of the command line (which other users can see). */
    static final String PASSWORD_ENV = "REGISTRY_IMPORT_SOURCE_PASSWORD";

    static final String USAGE_TEXT = """
            Usage: import-evolution --source-url <jdbc url> [--source-user <user>] [--source-password <password>] [--dry-run]

            Imports the OpenAI credentials of an Evolution platform (its PostgreSQL tables "Instance", "OpenaiCreds",
            "OpenaiSetting", "OpenaiBot") into this registry: one credential per distinct API key, each instance's
            OpenaiSetting bound as openai.default and each bot as openai.bot.<botId>, the instance identified by its
            name. Rows that cannot be imported are reported and skipped. Running it again creates nothing new.

              --source-url       the source database, e.g. jdbc:postgresql://db:5432/evolution
                                 (add ?currentSchema=<schema> when the tables are not in the search path)
              --source-user      the source database user
              --source-password  its password; or set REGISTRY_IMPORT_SOURCE_PASSWORD, which others cannot see in ps
              --dry-run          print the plan (credentials, merged duplicates, bindings, skipped rows) and change
                                 nothing

            The registry is the one ./registry up uses: REGISTRY_DATA_DIR, SPRING_DATASOURCE_URL/_USERNAME/_PASSWORD
            and REGISTRY_MASTER_KEY. It may be running meanwhile.
            Exit status: 0 done (skipped rows included), 1 failed, 2 bad arguments.""";

    private EvolutionImportCommand() {
    }

    /** The command line, parsed. The password never appears in {@link #toString()}. */
    record Options(String sourceUrl, String sourceUser, String sourcePassword, boolean dryRun, boolean help) {
        @Override
        public String toString() {
            return "Options[sourceUrl=" + withoutParameters(sourceUrl) + ", sourceUser=" + sourceUser + ", dryRun="
                    + dryRun + "]";
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(List<String> args, Map<String, String> environment) throws UsageException {
        Map<String, String> values = new HashMap<>();
        boolean dryRun = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--help") || arg.equals("-h")) {
                return new Options(null, null, null, false, true);
            }
            if (arg.equals("--dry-run")) {
                dryRun = true;
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (!List.of("--source-url", "--source-user", "--source-password").contains(name)) {
                throw new UsageException(arg.startsWith("-") ? "unknown option " + name
                        : "unexpected argument '" + arg + "'");
            }
            if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(name + " needs a value");
                }
                value = args.get(++i);
            }
            if (values.put(name, value) != null) {
                throw new UsageException(name + " is given twice");
            }
        }
        String url = values.get("--source-url");
        if (url == null || url.isBlank()) {
            throw new UsageException("--source-url is required");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new UsageException("--source-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db)");
        }
        String password = values.getOrDefault("--source-password", environment.get(PASSWORD_ENV));
        return new Options(url, values.get("--source-user"), password, dryRun, false);
    }

    /**
     * Runs the command and returns the exit status. The application is passed in, not named, so that the import
     * package does not depend on the root package that dispatches to it.
     */
    public static int run(String[] args, Class<?> application) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        Options options;
        try {
            options = parse(List.of(args), System.getenv());
        } catch (UsageException e) {
            err.println("import-evolution: " + e.getMessage());
            err.println();
            err.println(USAGE_TEXT);
            return USAGE;
        }
        if (options.help()) {
            out.println(USAGE_TEXT);
            return OK;
        }
        System.setProperty("disable-axoniq-console-message", "true");
        out.println(options.dryRun() ? "Evolution import: DRY RUN, nothing will be changed" : "Evolution import");
        out.println("Source: " + withoutParameters(options.sourceUrl()));
        SourceSnapshot source;
        try {
            source = EvolutionSource.read(options.sourceUrl(), options.sourceUser(), options.sourcePassword());
        } catch (EvolutionSource.SourceException e) {
            err.println("import-evolution: " + e.getMessage());
            return FAILED;
        }
        try {
            return options.dryRun() ? dryRun(source, out) : importForReal(source, out, application);
        } catch (RuntimeException e) {
            err.println("import-evolution: failed: " + e);
            return FAILED;
        }
    }

    private static int dryRun(SourceSnapshot source, PrintStream out) {
        Target target = Target.fromConfiguration();
        out.println("Target: " + target.describe());
        Target.Reading reading = target.read(ImportPlanner.usableKeys(source));
        ImportPlan plan = ImportPlanner.plan(source, reading.fingerprint(), reading.state());
        PlanPrinter.print(plan, out);
        out.println();
        out.println("Dry run: nothing was changed.");
        return OK;
    }

    private static int importForReal(SourceSnapshot source, PrintStream out, Class<?> application) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties(QUIET).run()) {
            out.println("Target: " + Target.of(context.getEnvironment()).describe());
            EvolutionImporter importer = context.getBean(EvolutionImporter.class);
            ImportPlan plan = importer.plan(source);
            PlanPrinter.print(plan, out);
            String correlationId = "import-evolution-" + UUID.randomUUID();
            out.println();
            out.println("Importing (correlation id " + correlationId + "):");
            EvolutionImporter.Outcome outcome = importer.execute(plan, correlationId, out);
            out.println();
            out.println("Done: " + outcome.created() + " credentials created, " + outcome.bound()
                    + " settings bound, " + outcome.failed() + " failed"
                    + (outcome.reusedMeanwhile() + outcome.keptMeanwhile() + outcome.replacedMeanwhile() == 0 ? ""
                    : "; changed meanwhile by others: " + outcome.reusedMeanwhile() + " keys registered, "
                    + outcome.keptMeanwhile() + " settings bound, " + outcome.replacedMeanwhile()
                    + " bindings replaced") + ".");
            out.println("import-summary " + outcome.summary());
            return outcome.failed() == 0 ? OK : FAILED;
        }
    }

    /**
     * A quiet start (the plan is the output; warnings and errors still show) with a small pool: the import sends one
     * command at a time, and the running registry may need the database's connections.
     */
    private static final Map<String, Object> QUIET = Map.of(
            "spring.datasource.hikari.maximum-pool-size", "4",
            "spring.datasource.hikari.minimum-idle", "1",
            "logging.level.root", "WARN",
            // Flyway's "newer H2 than verified" and Micrometer's "gauge already registered" say nothing to an operator
            "logging.level.org.flywaydb", "ERROR",
            "logging.level.io.micrometer", "ERROR");

    /** A JDBC URL without its parameters, which may hold a password. */
    static String withoutParameters(String url) {
        if (url == null) {
            return null;
        }
        int query = url.indexOf('?');
        int h2Settings = url.startsWith("jdbc:h2:") ? url.indexOf(';') : -1;
        int cut = query >= 0 ? query : h2Settings;
        return cut >= 0 ? url.substring(0, cut) : url;
    }

    /** The registry's database and keys as the application would configure them. */
    record Target(String url, String user, String password, String masterKey, String previousMasterKey,
                  Path dataDir) {

        /** What a dry run knows of the registry: its state, and how it fingerprints (null: it cannot yet). */
        record Reading(TargetState state, Function<ApiKey, String> fingerprint) {
        }

        /** Only the configuration (application.yml, environment), without starting anything. */
        static Target fromConfiguration() {
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ConfigurationOnly.class)
                    .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                    .properties(QUIET).run()) {
                return of(context.getEnvironment());
            }
        }

        static Target of(Environment environment) {
            String url = environment.getProperty("spring.datasource.url");
            Path dataDir = Path.of(environment.getProperty("registry.data-dir", "./data")).toAbsolutePath()
                    .normalize();
            String password = environment.getProperty("spring.datasource.password", "");
            if (password.isEmpty() && H2FileDatabase.of(url) != null) {
                // the embedded database's generated password, as both sides use it; a registry that never started
                // since it was introduced still has the empty one (a dry run creates and changes nothing)
                password = EmbeddedDatabasePassword.stored(dataDir).orElse("");
            }
            return new Target(url, environment.getProperty("spring.datasource.username"), password,
                    environment.getProperty("registry.master-key", ""),
                    environment.getProperty("registry.previous-master-key", ""), dataDir);
        }

        /** Without the database password and the master keys. */
        @Override
        public String toString() {
            return "Target[url=" + describe() + ", user=" + user + ", dataDir=" + dataDir + "]";
        }

        String describe() {
            return withoutParameters(url);
        }

        /** The embedded H2 file, or null for another database. */
        private Path h2File() {
            if (url == null || !url.startsWith("jdbc:h2:file:")) {
                return null;
            }
            return Path.of(withoutParameters(url).substring("jdbc:h2:file:".length()) + ".mv.db");
        }

        /**
         * Reads the registry's state over one read-only connection; an absent or empty database reads as empty.
         * Keys are fingerprinted the way the registry does it: with the stored fingerprint key when there is one
         * (it survives master key rotations), otherwise with the key a first start would derive from the master key.
         */
        Reading read(List<ApiKey> keys) {
            Optional<MasterKeyRing> ring = MasterKeyLoader.existing(masterKey, dataDir)
                    .map(current -> new MasterKeyRing(current, MasterKeyLoader.loadPrevious(previousMasterKey, dataDir)));
            Path h2 = h2File();
            if (h2 != null && !Files.exists(h2)) {
                return readingOfEmpty(ring);
            }
            String readUrl = h2 != null ? url + ";IFEXISTS=TRUE" : url;
            SingleConnectionDataSource dataSource = new SingleConnectionDataSource(readUrl, user, password, true);
            try {
                dataSource.getConnection().setReadOnly(true);
                JdbcTemplate jdbc = new JdbcTemplate(dataSource);
                if (!TargetStateReader.initialized(jdbc)) {
                    return readingOfEmpty(ring);
                }
                Function<ApiKey, String> fingerprint = fingerprinter(ring.map(
                        keyRing -> FingerprintKeyStore.readOnly(jdbc, keyRing)));
                TargetState state = TargetStateReader.read(jdbc, keys.stream().map(fingerprint).toList());
                return new Reading(new TargetState(ring.isPresent(), state.byFingerprint(), state.takenNameKeys(),
                        state.slots()), fingerprint);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot read the registry's database " + describe() + ": "
                        + e.getMessage(), e);
            } finally {
                dataSource.destroy();
            }
        }

        private static Reading readingOfEmpty(Optional<MasterKeyRing> ring) {
            return new Reading(TargetState.empty(ring.isPresent()),
                    fingerprinter(ring.map(FingerprintKeyStore::ofEmptyRegistry)));
        }

        private static Function<ApiKey, String> fingerprinter(Optional<byte[]> fingerprintKey) {
            Optional<SecretSealer> sealer = fingerprintKey.map(key -> new SecretSealer(null, key));
            return key -> sealer.map(s -> s.fingerprint(key.reveal())).orElse(null);
        }
    }

    /** A context with nothing in it: only the configuration is wanted. */
    static final class ConfigurationOnly {
    }
}
