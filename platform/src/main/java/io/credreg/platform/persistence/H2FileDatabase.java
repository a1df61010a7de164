package io.credreg.platform.persistence;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An embedded H2 database in a file, as a JDBC URL names it ({@code jdbc:h2:file:<path>[;settings]}).
 *
 * @param url  the whole JDBC URL
 * @param base the database's path without H2's suffixes, absolute
 */
public record H2FileDatabase(String url, Path base) {

    private static final String PREFIX = "jdbc:h2:file:";
    private static final String WRITE_DELAY = "WRITE_DELAY";

    /** The database a URL names, or null when it is not an embedded H2 file database. */
    public static H2FileDatabase of(String url) {
        if (url == null || !url.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return null;
        }
        String path = url.substring(PREFIX.length());
        int settings = path.indexOf(';');
        if (settings >= 0) {
            path = path.substring(0, settings);
        }
        if (path.startsWith("~")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return new H2FileDatabase(url, Path.of(path).toAbsolutePath().normalize());
    }

    /** Whether other processes reach it through the auto-server of the one that opened it. */
    public boolean autoServer() {
        return setting("AUTO_SERVER").filter("TRUE"::equalsIgnoreCase).isPresent();
    }

    /**
     * The write delay the URL sets (H2's {@code WRITE_DELAY}, in milliseconds), or empty when it sets none, or a value
     * that is not a number (H2 refuses it when it opens the database).
     */
    public OptionalInt writeDelay() {
        try {
            return setting(WRITE_DELAY).map(delay -> OptionalInt.of(Integer.parseInt(delay)))
                    .orElse(OptionalInt.empty());
        } catch (NumberFormatException notANumber) {
            return OptionalInt.empty();
        }
    }

    /**
     * The value the URL gives a setting ({@code ;NAME=value}, the name in any case, spaces around either ignored), or
     * empty when it gives none.
     */
    private Optional<String> setting(String name) {
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals > 0 && parts[i].substring(0, equals).strip().equalsIgnoreCase(name)) {
                return Optional.of(parts[i].substring(equals + 1).strip());
            }
        }
        return Optional.empty();
    }

    /**
     * This database writing every commit to its file before the commit returns ({@code WRITE_DELAY=0}), unless its URL
     * chose a delay itself.
     */
    public H2FileDatabase writingEachCommit() {
        return setting(WRITE_DELAY).isPresent() ? this : new H2FileDatabase(url + ";" + WRITE_DELAY + "=0", base);
    }

    public Path dataFile() {
        return sibling(".mv.db");
    }

    /** The lock file: while the database is open it names the auto-server's address and its key. */
    public Path lockFile() {
        return sibling(".lock.db");
    }

    /** The files H2 keeps for this database: data, lock, trace, and the temporary files of a compaction. */
    public List<Path> files() {
        return List.of(dataFile(), lockFile(), sibling(".trace.db"), sibling(".mv.db.tempFile"));
    }

    public boolean exists() {
        return dataFile().toFile().isFile();
    }

    private Path sibling(String suffix) {
        return base.resolveSibling(base.getFileName() + suffix);
    }
}
