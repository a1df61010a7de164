package io.credreg.platform.persistence;

import io.credreg.platform.ids.StrongRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The embedded database's password: generated on first start into {@code $REGISTRY_DATA_DIR/database.password}
 * (owner-only) and used by both sides, the import command and anything else that opens the H2 file. Before it, the
 * database had user {@code sa} with the empty password, so that anyone who reached its auto-server was its admin.
 * <p>
 * A database created before this password existed is moved to it once: the password is written under a pending name,
 * the database is opened with the empty password and given the new one ({@code ALTER USER ... SET PASSWORD}), and
 * only then is the pending file renamed into place. A crash in between leaves the pending file, which the next start
 * finishes with. Both sides may start at the same time: a file lock lets one of them do it while the other waits and
 * then reads the result. The password itself is never logged.
 */
public final class EmbeddedDatabasePassword {

    public static final String FILE = "database.password";
    static final String PENDING = FILE + ".new";
    static final String LOCK = FILE + ".lock";
    /** H2's error code for a wrong user name or password. */
    static final int WRONG_USER_OR_PASSWORD = 28000;
    private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_-]{20,}");
    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabasePassword.class);
    /** File locks are per process: threads of one JVM (tests) queue here first. */
    private static final Object IN_PROCESS = new Object();

    private EmbeddedDatabasePassword() {
    }

    /** The stored password, if one was generated; reads only. */
    public static Optional<String> stored(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        return Files.isRegularFile(file) ? Optional.of(read(file)) : Optional.empty();
    }

    /**
     * The password of {@code database}, generated (and the database moved to it) if there is none yet.
     *
     * @param dataDir  where the password is kept
     * @param database the H2 file database
     * @param user     the database user ({@code sa})
     */
    public static String prepare(Path dataDir, H2FileDatabase database, String user) {
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        if (database.autoServer()) {
            EmbeddedDatabaseBindAddress.requireLoopback();
        }
        synchronized (IN_PROCESS) {
            try {
                DataDirectoryPermissions.createOwnerOnly(dataDir);
                Path lockFile = dataDir.resolve(LOCK);
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                    if (Files.isRegularFile(file)) {
                        return read(file);
                    }
                    String password = generateOrResume(dataDir.resolve(PENDING));
                    if (database.exists()) {
                        moveToPassword(database, user, password);
                    }
                    Files.move(dataDir.resolve(PENDING), file, StandardCopyOption.ATOMIC_MOVE);
                    Files.deleteIfExists(lockFile);
                    return password;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the embedded database's password file " + file, e);
            }
        }
    }

    private static String generateOrResume(Path pending) throws IOException {
        if (Files.isRegularFile(pending)) {
            String resumed = read(pending);
            if (PASSWORD.matcher(resumed).matches()) {
                return resumed;
            }
            Files.delete(pending);
        }
        byte[] bytes = new byte[32];
        StrongRandom.fill(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.createFile(pending, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pending, password + "\n", StandardCharsets.US_ASCII);
        return password;
    }

    /** Gives a database that still has the empty password the new one; a database that has it already is left. */
    private static void moveToPassword(H2FileDatabase database, String user, String password) {
        if (!USER.matcher(user).matches()) {
            throw new IllegalStateException("cannot set a password for the embedded database's user '" + user
                    + "': not a plain identifier");
        }
        String url = database.url() + ";IFEXISTS=TRUE";
        if (opens(url, user, password)) {
            return;
        }
        if (!opens(url, user, "")) {
            throw new IllegalStateException("the embedded database " + database.dataFile() + " refuses both the "
                    + "empty password and the generated one: it has a password this data directory does not hold. "
                    + "Put back the " + FILE + " file that belongs to this database (it is part of its backup)");
        }
        try (Connection connection = DriverManager.getConnection(url, user, "");
             Statement statement = connection.createStatement()) {
            // the password is base64url, so it needs no escaping; it is sent, never logged
            statement.execute("ALTER USER " + user + " SET PASSWORD '" + password + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set the embedded database's password: " + e.getMessage(), e);
        }
        log.warn("The embedded database {} had no password: it now has the generated one kept in {} (owner-only)",
                database.dataFile().getFileName(), FILE);
    }

    /** Whether the database accepts these credentials; false only when it refuses them. */
    private static boolean opens(String url, String user, String password) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return true;
        } catch (SQLException e) {
            if (e.getErrorCode() == WRONG_USER_OR_PASSWORD || "28000".equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("cannot open the embedded database to check its password: "
                    + e.getMessage(), e);
        }
    }

    private static String read(Path file) {
        try {
            String password = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (password.isEmpty()) {
                throw new IllegalStateException(file + " is empty");
            }
            return password;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
