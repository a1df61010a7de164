package io.credreg.command.secret;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;

/**
 * Finds the master key: {@code REGISTRY_MASTER_KEY} when given, otherwise the key file in the data directory, which
 * the embedded default creates on first start readable by its owner only.
 */
public final class MasterKeyLoader {

    private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);
    static final String KEY_FILE = "master.key";
    static final String PREVIOUS_KEY_FILE = "master.previous.key";

    private MasterKeyLoader() {
    }

    public static MasterKey load(String configuredBase64, Path dataDir) {
        if (configuredBase64 != null && !configuredBase64.isBlank()) {
            return new MasterKey(decode(configuredBase64.strip(), "REGISTRY_MASTER_KEY"));
        }
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (!Files.exists(keyFile)) {
            generate(keyFile);
        }
        return new MasterKey(decode(read(keyFile), keyFile.toString()));
    }

    /**
     * The previous master key during a rotation: {@code REGISTRY_PREVIOUS_MASTER_KEY} when given, otherwise the file
     * {@code master.previous.key} in the data directory when it exists; none otherwise. Never generated.
     */
    public static MasterKey loadPrevious(String configuredBase64, Path dataDir) {
        if (configuredBase64 != null && !configuredBase64.isBlank()) {
            return new MasterKey(decode(configuredBase64.strip(), "REGISTRY_PREVIOUS_MASTER_KEY"));
        }
        Path keyFile = dataDir.resolve(PREVIOUS_KEY_FILE);
        return Files.exists(keyFile) ? new MasterKey(decode(read(keyFile), keyFile.toString())) : null;
    }

    /**
     * The master key if there is one, never generating it: for a run that must not change anything (an import's dry
     * run). Empty when neither {@code REGISTRY_MASTER_KEY} nor the key file exists.
     */
    public static Optional<MasterKey> existing(String configuredBase64, Path dataDir) {
        if (configuredBase64 != null && !configuredBase64.isBlank()) {
            return Optional.of(new MasterKey(decode(configuredBase64.strip(), "REGISTRY_MASTER_KEY")));
        }
        Path keyFile = dataDir.resolve(KEY_FILE);
        if (!Files.exists(keyFile)) {
            return Optional.empty();
        }
        return Optional.of(new MasterKey(decode(read(keyFile), keyFile.toString())));
    }

    private static void generate(Path keyFile) {
        String encoded = Base64.getEncoder().encodeToString(Aes256Gcm.randomKey());
        try {
            Files.createDirectories(keyFile.getParent());
            Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, encoded + "\n", StandardCharsets.US_ASCII);
            log.warn("No REGISTRY_MASTER_KEY given: generated a new master key into {} (owner-only). Back it up: "
                    + "without it no stored secret can be decrypted.", keyFile.toAbsolutePath());
        } catch (FileAlreadyExistsException raced) {
            // another process created it first; use theirs
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the master key file " + keyFile, e);
        }
    }

    private static String read(Path keyFile) {
        try {
            return Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the master key file " + keyFile, e);
        }
    }

    private static byte[] decode(String base64, String source) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64 (expected 32 random bytes, base64-encoded)");
        }
    }
}
