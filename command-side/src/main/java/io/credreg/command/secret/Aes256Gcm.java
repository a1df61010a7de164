package io.credreg.command.secret;

import io.credreg.platform.ids.StrongRandom;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/** AES-256-GCM with a random 96-bit nonce; the associated data binds a ciphertext to the key id it belongs to. */
final class Aes256Gcm {

    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /**
     * One cipher per thread, initialized afresh (key, nonce, mode) for every operation, which also clears whatever a
     * failed one left behind. Looking a cipher up for every operation was three quarters of what a resolution's
     * decryption allocated (profiled).
     */
    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new SecretCryptoException("this JVM has no AES/GCM", e);
        }
    });

    private Aes256Gcm() {
    }

    static byte[] randomKey() {
        return randomBytes(KEY_BYTES);
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        StrongRandom.fill(bytes);
        return bytes;
    }

    /** Encrypts and returns nonce and ciphertext-with-tag together. */
    static byte[] seal(byte[] key, byte[] plaintext, String associatedData) {
        byte[] nonce = randomBytes(NONCE_BYTES);
        byte[] ciphertext = run(Cipher.ENCRYPT_MODE, key, nonce, plaintext, associatedData);
        return ByteBuffer.allocate(nonce.length + ciphertext.length).put(nonce).put(ciphertext).array();
    }

    static byte[] open(byte[] key, byte[] sealed, String associatedData) {
        ByteBuffer buffer = ByteBuffer.wrap(sealed);
        byte[] nonce = new byte[NONCE_BYTES];
        buffer.get(nonce);
        byte[] ciphertext = new byte[buffer.remaining()];
        buffer.get(ciphertext);
        return run(Cipher.DECRYPT_MODE, key, nonce, ciphertext, associatedData);
    }

    static byte[] run(int mode, byte[] key, byte[] nonce, byte[] input, String associatedData) {
        try {
            Cipher cipher = CIPHER.get();
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new SecretCryptoException("AES-GCM " + (mode == Cipher.ENCRYPT_MODE ? "encryption" : "decryption")
                    + " failed", e);
        }
    }
}
