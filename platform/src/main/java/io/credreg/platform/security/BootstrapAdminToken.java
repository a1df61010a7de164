package io.credreg.platform.security;

import io.credreg.api.token.ApiTokens;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The first admin token, which exists before any token has been issued: {@code REGISTRY_ADMIN_TOKEN} when given,
 * otherwise a token generated on first start into {@code $REGISTRY_DATA_DIR/admin.token} (owner-only), printed once.
 * It is configuration, not an event: it cannot be revoked over the API, only replaced by restarting with another.
 * <p>
 * Both sides load it and may start at the same time over one data directory. The file is written completely under a
 * temporary name and then linked into place, which fails if the name exists: exactly one process creates it (and
 * prints it), every other reads the finished file.
 */
public final class BootstrapAdminToken {

    public static final String FILE = "admin.token";
    /** The principal name of the bootstrap token, recorded as the actor of what it does. */
    public static final String PRINCIPAL = "admin";

    private BootstrapAdminToken() {
    }

    /** The hash of the bootstrap admin token. */
    public static String loadHash(String configured, Path dataDir, PrintStream announce) {
        if (configured != null && !configured.isBlank()) {
            return ApiTokens.hash(configured.strip());
        }
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            generate(file, announce);
        }
        try {
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.isEmpty()) {
                throw new IllegalStateException(file + " is empty; delete it to have a new admin token generated");
            }
            return ApiTokens.hash(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the admin token file " + file, e);
        }
    }

    private static void generate(Path file, PrintStream announce) {
        String token = ApiTokens.generate();
        Path temporary = null;
        try {
            Files.createDirectories(file.getParent());
            temporary = Files.createTempFile(file.getParent(), ".admin-token-", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, token + "\n", StandardCharsets.US_ASCII);
            Files.createLink(file, temporary);
            announce.println("""

                    ==================================================================================
                     No REGISTRY_ADMIN_TOKEN given: generated the bootstrap admin token (shown once):

                       %s

                     It is kept in %s (owner-only). Send it as
                     'Authorization: Bearer <token>' and issue narrower tokens with POST /api/tokens.
                    ==================================================================================
                    """.formatted(token, file.toAbsolutePath()));
            announce.flush();
        } catch (FileAlreadyExistsException raced) {
            // the other side created it first; use theirs
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the admin token file " + file, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a stray temporary file holds a token nobody uses
                }
            }
        }
    }
}
