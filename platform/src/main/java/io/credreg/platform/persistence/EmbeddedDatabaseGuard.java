package io.credreg.platform.persistence;

import io.credreg.platform.config.RegistryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Closes the data directory and the embedded database to other local users, at every start of either side, before
 * the data source exists:
 * <ul>
 *     <li>the data directory is created owner-only, or made so ({@link DataDirectoryPermissions});</li>
 *     <li>an H2 file database with an auto-server must bind to loopback ({@link EmbeddedDatabaseBindAddress});</li>
 *     <li>an H2 file database configured with the empty password gets the generated one
 *     ({@link EmbeddedDatabasePassword}), and a database that still has the empty password is moved to it.</li>
 * </ul>
 * Once the application has started, {@link #afterStart()} tightens again what H2 created meanwhile with the process's
 * umask (the database file on first start, the lock file at every start) and says in one line what both passes
 * changed. A configured non-empty password (e.g. {@code SPRING_DATASOURCE_PASSWORD}) is left as it is.
 */
public class EmbeddedDatabaseGuard implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseGuard.class);

    private final Environment environment;
    private volatile Path dataDir;
    private volatile H2FileDatabase database;
    private volatile DataDirectoryPermissions.Report report = DataDirectoryPermissions.Report.empty();

    public EmbeddedDatabaseGuard(Environment environment) {
        this.environment = environment;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSourceProperties properties) {
            prepare(properties);
        }
        return bean;
    }

    void prepare(DataSourceProperties properties) {
        dataDir = Binder.get(environment).bindOrCreate("registry", RegistryProperties.class).dataDir()
                .toAbsolutePath().normalize();
        database = H2FileDatabase.of(properties.getUrl());
        if (database != null) {
            try {
                DataDirectoryPermissions.createOwnerOnly(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
            }
        }
        report = report.plus(DataDirectoryPermissions.tighten(dataDir, h2Files()));
        if (database == null) {
            return;
        }
        if (database.autoServer()) {
            EmbeddedDatabaseBindAddress.requireLoopback();
        }
        String password = properties.getPassword();
        if (password == null || password.isEmpty()) {
            String user = properties.getUsername() == null || properties.getUsername().isBlank() ? "sa"
                    : properties.getUsername();
            properties.setPassword(EmbeddedDatabasePassword.prepare(dataDir, database, user));
        }
    }

    /** The second pass and the one log line; returns that line. */
    public String afterStart() {
        if (dataDir == null) {
            return null;
        }
        DataDirectoryPermissions.Report all = report.plus(DataDirectoryPermissions.tighten(dataDir, h2Files()));
        report = DataDirectoryPermissions.Report.empty();
        String line = describe(dataDir, all);
        if (all.failed().isEmpty()) {
            log.info(line);
        } else {
            log.warn(line);
        }
        return line;
    }

    static String describe(Path dataDir, DataDirectoryPermissions.Report report) {
        StringBuilder line = new StringBuilder("Data directory ").append(dataDir).append(": ");
        if (report.tightened().isEmpty()) {
            line.append("already owner-only, nothing to tighten");
        } else {
            line.append("made owner-only what other users could read: ")
                    .append(String.join(", ", report.tightened()));
        }
        if (!report.failed().isEmpty()) {
            line.append("; COULD NOT tighten: ").append(String.join(", ", report.failed()));
        }
        return line.toString();
    }

    private List<Path> h2Files() {
        return database == null ? List.of() : database.files();
    }
}
