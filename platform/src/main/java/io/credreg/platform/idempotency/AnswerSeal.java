package io.credreg.platform.idempotency;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The keys of one (caller, idempotency key) pair, derived with HMAC-SHA-256 from the caller's bearer token, which the
 * database never holds (only its hash): the MAC that recognises the same request again, and the AES-256-GCM key that
 * seals the recorded answer. Only the same caller retrying with the same key can recompute either, so the stored
 * answer of {@code POST /api/tokens} (a new token's value) is unreadable from the table, and one caller can never
 * read another's answer even with a guessed key.
 */
final class AnswerSeal {

    private static final String CONTEXT = "credential-registry/idempotency/v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] macKey;
    private final byte[] sealKey;
    private final String scope;
    private final String keyHash;

    private AnswerSeal(byte[] macKey, byte[] sealKey, String scope, String keyHash) {
        this.macKey = macKey;
        this.sealKey = sealKey;
        this.scope = scope;
        this.keyHash = keyHash;
    }

    /** The keys of {@code idempotencyKey} sent by the caller authenticated as {@code scope} with {@code bearer}. */
    static AnswerSeal derive(String bearer, String scope, String idempotencyKey) {
        byte[] root = hmac(bearer.getBytes(StandardCharsets.UTF_8),
                (CONTEXT + "\0" + scope + "\0" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
        return new AnswerSeal(hmac(root, bytes("request-mac")), hmac(root, bytes("answer-seal")), scope,
                keyHash(idempotencyKey));
    }

    /** The column that identifies the key: its SHA-256, the key itself is not needed at rest. */
    static String keyHash(String idempotencyKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(idempotencyKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String scope() {
        return scope;
    }

    String keyHash() {
        return keyHash;
    }

    /** What makes two requests "the same": method, path with query, and body, byte for byte. */
    String requestMac(String method, String pathAndQuery, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            mac.update(bytes(method + "\0" + pathAndQuery + "\0"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Sealed seal(int status, byte[] answer) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            return new Sealed(HexFormat.of().formatHex(nonce), cipher(Cipher.ENCRYPT_MODE, nonce, status).doFinal(answer));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer, or a failure when it was sealed under other keys or altered (the status is authenticated too). */
    byte[] open(int status, String nonceHex, byte[] sealed) throws GeneralSecurityException {
        return cipher(Cipher.DECRYPT_MODE, HexFormat.of().parseHex(nonceHex), status).doFinal(sealed);
    }

    private Cipher cipher(int mode, byte[] nonce, int status) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(sealKey, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(bytes(scope + "\0" + keyHash + "\0" + status));
        return cipher;
    }

    record Sealed(String nonce, byte[] ciphertext) {
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
