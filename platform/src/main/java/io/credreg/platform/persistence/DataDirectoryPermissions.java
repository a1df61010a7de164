package io.credreg.platform.persistence;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Makes the data directory owner-only: the directory itself, every file directly in it (database, lock file, master
 * keys, admin token, database password), its {@code logs} directory and the files in that. Only the group and other
 * permission bits are taken away; the owner's stay as they are, so the directories end up {@code rwx------} and the
 * files {@code rw-------}. Symbolic links are neither followed nor changed, and nothing deeper is walked: a data
 * directory pointed at a home directory must not have its whole tree rewritten.
 * <p>
 * On a file system without POSIX permissions nothing is done.
 */
public final class DataDirectoryPermissions {

    static final String LOGS = "logs";
    private static final Set<PosixFilePermission> OWNER = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private DataDirectoryPermissions() {
    }

    /** What one pass changed ({@code name (was rw-r--r--)}) and what it could not change, with the reason. */
    public record Report(List<String> tightened, List<String> failed) {

        public static Report empty() {
            return new Report(List.of(), List.of());
        }

        public Report plus(Report other) {
            List<String> t = new ArrayList<>(tightened);
            other.tightened.stream().filter(entry -> !t.contains(entry)).forEach(t::add);
            List<String> f = new ArrayList<>(failed);
            other.failed.stream().filter(entry -> !f.contains(entry)).forEach(f::add);
            return new Report(List.copyOf(t), List.copyOf(f));
        }
    }

    /** The directory if it exists, and {@code extraFiles} (H2's files kept elsewhere) if they exist. */
    public static Report tighten(Path dataDir, Collection<Path> extraFiles) {
        List<String> tightened = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Path root = dataDir.toAbsolutePath().normalize();
        if (Files.isDirectory(root)) {
            try {
                // the directory may be reached through a symbolic link: tighten what it points at
                root = root.toRealPath();
            } catch (IOException e) {
                failed.add(root + " (" + e.getMessage() + ")");
                return new Report(tightened, failed);
            }
            if (!supportsPosix(root)) {
                return Report.empty();
            }
            ownerOnly(root, root, tightened, failed);
            forEachEntry(root, root, tightened, failed, true);
        }
        for (Path file : extraFiles) {
            Path absolute = file.toAbsolutePath().normalize();
            if (!absolute.startsWith(root) && Files.isRegularFile(absolute, LinkOption.NOFOLLOW_LINKS)
                    && supportsPosix(absolute)) {
                ownerOnly(absolute, root, tightened, failed);
            }
        }
        return new Report(List.copyOf(tightened), List.copyOf(failed));
    }

    private static void forEachEntry(Path directory, Path root, List<String> tightened, List<String> failed,
                                     boolean descendIntoLogs) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue;
                }
                if (attributes.isRegularFile()) {
                    ownerOnly(entry, root, tightened, failed);
                } else if (attributes.isDirectory() && descendIntoLogs
                        && entry.getFileName().toString().equals(LOGS)) {
                    ownerOnly(entry, root, tightened, failed);
                    forEachEntry(entry, root, tightened, failed, false);
                }
            }
        } catch (IOException e) {
            failed.add(name(directory, root) + " (cannot list it: " + e.getMessage() + ")");
        }
    }

    private static void ownerOnly(Path path, Path root, List<String> tightened, List<String> failed) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> before = view.readAttributes().permissions();
            Set<PosixFilePermission> after = EnumSet.noneOf(PosixFilePermission.class);
            after.addAll(before);
            after.retainAll(OWNER);
            if (!after.equals(before)) {
                view.setPermissions(after);
                tightened.add(name(path, root) + " (was " + PosixFilePermissions.toString(before) + ")");
            }
        } catch (NoSuchFileException gone) {
            // removed meanwhile (a lock file of a database that closed): nothing left to protect
        } catch (IOException | SecurityException e) {
            failed.add(name(path, root) + " (" + e.getMessage() + ")");
        }
    }

    private static String name(Path path, Path root) {
        if (path.equals(root)) {
            return "the data directory";
        }
        return path.startsWith(root) ? root.relativize(path).toString() : path.toString();
    }

    private static boolean supportsPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Creates the directory (and missing parents) owner-only, unless it exists. */
    public static void createOwnerOnly(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        if (supportsPosix(directory.toAbsolutePath())) {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(directory);
        }
    }
}
