package io.credreg.command.secret;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The key that wraps every data key. It never leaves this object: callers get wrapped keys, a key id (a hash prefix,
 * so a wrapped key says which master key it needs) and a derived fingerprint key.
 */
public final class MasterKey {

    private static final String FINGERPRINT_KEY_LABEL = "credential-registry/secret-fingerprint/v1";

    private final byte[] key;
    private final String id;

    public MasterKey(byte[] key) {
        if (key.length != Aes256Gcm.KEY_BYTES) {
            throw new IllegalArgumentException("a master key must be 32 bytes, got " + key.length);
        }
        this.key = key.clone();
        this.id = HexFormat.of().formatHex(Arrays.copyOf(sha256(key), 8));
    }

    public String id() {
        return id;
    }

    byte[] wrap(byte[] dataKey, String dataKeyId) {
        return Aes256Gcm.seal(key, dataKey, dataKeyId);
    }

    byte[] unwrap(byte[] wrappedDataKey, String dataKeyId) {
        return Aes256Gcm.open(key, wrappedDataKey, dataKeyId);
    }

    /** A key for fingerprints, derived so that fingerprints reveal nothing to anyone without the master key. */
    byte[] fingerprintKey() {
        return hmac(key, FINGERPRINT_KEY_LABEL.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] hmac(byte[] macKey, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new SecretCryptoException("HMAC-SHA256 failed", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new SecretCryptoException("SHA-256 failed", e);
        }
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
