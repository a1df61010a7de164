package io.credreg.e2e.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import org.opentest4j.TestAbortedException;

/**
 * The databases the end-to-end tests run the registry on. H2 always; PostgreSQL when {@code REGISTRY_E2E_PG_URL} is
 * set (with {@code REGISTRY_E2E_PG_USER} and {@code REGISTRY_E2E_PG_PASSWORD}). With
 * {@code REGISTRY_E2E_REQUIRE_PG=true} a missing or unreachable PostgreSQL fails the run instead of skipping it.
 */
public enum Database {
    H2("h2"),
    POSTGRES("postgres");

    private final String label;

    Database(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * PostgreSQL connection settings from the environment. {@code user} owns the schema: the tests connect as it, and
     * the registry runs its migrations as it. When {@code appUser} is set ({@code REGISTRY_E2E_PG_APP_USER}, as CI
     * does), the registry itself connects as that role, which may only append events (decision 0150).
     */
    public record PgSettings(String url, String user, String password, String appUser, String appPassword) {

        public PgSettings(String url, String user, String password) {
            this(url, user, password, null, null);
        }

        public Connection connect() throws SQLException {
            DriverManager.setLoginTimeout(10);
            return DriverManager.getConnection(url, user, password);
        }

        /** A connection as the role the registry runs as (the owner when no application role is configured). */
        public Connection connectAsApplication() throws SQLException {
            if (!leastPrivilege()) {
                return connect();
            }
            DriverManager.setLoginTimeout(10);
            return DriverManager.getConnection(url, appUser, appPassword);
        }

        public boolean leastPrivilege() {
            return appUser != null && !appUser.isBlank();
        }

        /**
         * The environment a registry process needs to run on this database, as the compose file sets it: with an
         * application role, a process that {@code migrates} gets the owner's credentials for Flyway, any other only
         * the application role's (it validates the migration history and fails if a migration is pending).
         */
        public void applyTo(Map<String, String> env, boolean migrates) {
            env.put("SPRING_DATASOURCE_URL", url);
            if (leastPrivilege()) {
                env.put("SPRING_DATASOURCE_USERNAME", appUser);
                env.put("SPRING_DATASOURCE_PASSWORD", appPassword);
                if (migrates) {
                    env.put("SPRING_FLYWAY_USER", user);
                    env.put("SPRING_FLYWAY_PASSWORD", password);
                } else {
                    env.remove("SPRING_FLYWAY_USER");
                    env.remove("SPRING_FLYWAY_PASSWORD");
                }
            } else {
                env.put("SPRING_DATASOURCE_USERNAME", user);
                env.put("SPRING_DATASOURCE_PASSWORD", password);
            }
        }
    }

    static boolean pgRequired() {
        return "true".equalsIgnoreCase(env("REGISTRY_E2E_REQUIRE_PG"));
    }

    /**
     * The PostgreSQL settings, checked to be reachable. Skips (or fails, when PostgreSQL is required) otherwise.
     */
    static PgSettings postgresOrSkip() {
        String url = env("REGISTRY_E2E_PG_URL");
        if (url == null || url.isBlank()) {
            unavailable("REGISTRY_E2E_PG_URL is not set", null);
        }
        PgSettings settings = new PgSettings(url, orDefault(env("REGISTRY_E2E_PG_USER"), "registry"),
                orDefault(env("REGISTRY_E2E_PG_PASSWORD"), ""), env("REGISTRY_E2E_PG_APP_USER"),
                orDefault(env("REGISTRY_E2E_PG_APP_PASSWORD"), ""));
        try (Connection ignored = settings.connect(); Connection alsoIgnored = settings.connectAsApplication()) {
            return settings;
        } catch (SQLException e) {
            unavailable("PostgreSQL at " + url + " is unreachable: " + e.getMessage(), e);
            throw new IllegalStateException("unreachable");
        }
    }

    /**
     * A PostgreSQL database for the tables of a platform to import from (the import's source): the one named by
     * {@code REGISTRY_E2E_PG_SOURCE_URL} ({@code _USER}, {@code _PASSWORD}), otherwise the registry's own PostgreSQL
     * database (the caller then keeps the source in a schema of its own). Skips, or fails when PostgreSQL is
     * required, like {@link #postgresOrSkip()}; an import into H2 needs a PostgreSQL source too.
     */
    public static PgSettings postgresSourceOrSkip() {
        String url = env("REGISTRY_E2E_PG_SOURCE_URL");
        if (url == null || url.isBlank()) {
            return postgresOrSkip();
        }
        PgSettings settings = new PgSettings(url, orDefault(env("REGISTRY_E2E_PG_SOURCE_USER"), "registry"),
                orDefault(env("REGISTRY_E2E_PG_SOURCE_PASSWORD"), ""));
        try (Connection ignored = settings.connect()) {
            return settings;
        } catch (SQLException e) {
            unavailable("the source PostgreSQL at " + url + " is unreachable: " + e.getMessage(), e);
            throw new IllegalStateException("unreachable");
        }
    }

    /** Drops and recreates the {@code public} schema: every PostgreSQL run starts from an empty database. */
    static void resetSchema(PgSettings settings) {
        try (Connection c = settings.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS public CASCADE");
            s.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("could not reset schema public of " + settings.url() + ": "
                    + e.getMessage(), e);
        }
    }

    private static void unavailable(String why, Throwable cause) {
        if (pgRequired()) {
            throw new IllegalStateException("REGISTRY_E2E_REQUIRE_PG=true but " + why, cause);
        }
        String message = "PostgreSQL end-to-end tests skipped: " + why
                + " (set REGISTRY_E2E_PG_URL, REGISTRY_E2E_PG_USER, REGISTRY_E2E_PG_PASSWORD to run them)";
        RegistryEnvironment.log(message);
        throw new TestAbortedException(message);
    }

    private static String env(String name) {
        return System.getenv(name);
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
