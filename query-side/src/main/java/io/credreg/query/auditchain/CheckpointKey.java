package io.credreg.query.auditchain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 key this query node signs audit checkpoints with. It never enters the database, so the database role
 * (or anyone who can write the database) cannot forge a checkpoint. It is a 32-byte seed, given as
 * {@code REGISTRY_AUDIT_SIGNING_KEY} (base64; share it between query nodes so they sign alike) or generated into
 * {@code audit-signing.key} in the data directory (0600) on first use. The key pair is derived from the seed.
 */
final class CheckpointKey {

    static final String FILE = "audit-signing.key";

    private final KeyPair pair;

    private CheckpointKey(byte[] seed) {
        this.pair = derive(seed);
    }

    static CheckpointKey of(String configuredSeed, Path dataDir) {
        if (configuredSeed != null && !configuredSeed.isBlank()) {
            return new CheckpointKey(decodeSeed(configuredSeed.strip(), "REGISTRY_AUDIT_SIGNING_KEY"));
        }
        return new CheckpointKey(storedOrNewSeed(dataDir.resolve(FILE)));
    }

    /** The public key as published with every checkpoint: base64 of its X.509 encoding. */
    String publicKey() {
        return Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
    }

    String sign(String text) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(pair.getPrivate());
            signer.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} (base64) is {@code publicKey}'s (base64 X.509) signature of {@code text}. */
    static boolean verifies(String publicKey, String text, String signature) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(publicKey)));
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(text.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(signature));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] storedOrNewSeed(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] seed = new byte[32];
                new SecureRandom().nextBytes(seed);
                try {
                    Files.createDirectories(file.getParent());
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(seed) + "\n", StandardCharsets.US_ASCII);
                    return seed;
                } catch (FileAlreadyExistsException anotherProcessWasFirst) {
                    // fall through and read it
                }
            }
            return decodeSeed(Files.readString(file, StandardCharsets.US_ASCII).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the audit signing key " + file, e);
        }
    }

    private static byte[] decodeSeed(String base64, String source) {
        byte[] seed;
        try {
            seed = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the audit signing key in " + source + " is not base64");
        }
        if (seed.length != 32) {
            throw new IllegalStateException("the audit signing key in " + source + " must be 32 bytes, not "
                    + seed.length);
        }
        return seed;
    }

    /** Ed25519 key generation takes its 32 secret bytes from the random source: given the seed, it derives the pair. */
    private static KeyPair derive(byte[] seed) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(255, new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, bytes.length);
                }
            });
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519", e);
        }
    }
}
