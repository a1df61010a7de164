package io.credreg.e2e.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

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

    /** PostgreSQL connection settings from the environment. */
    public record PgSettings(String url, String user, String password) {
        public Connection connect() throws SQLException {
            DriverManager.setLoginTimeout(10);
            return DriverManager.getConnection(url, user, password);
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
                orDefault(env("REGISTRY_E2E_PG_PASSWORD"), ""));
        try (Connection ignored = settings.connect()) {
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
