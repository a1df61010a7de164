package io.credreg.command.secret;

import io.credreg.api.credential.SealedSecret;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.api.credential.SecretHints;
import io.credreg.platform.ids.StrongRandom;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Envelope encryption at the edge: each secret gets a fresh AES-256 data key, the data key is wrapped by the master
 * key, and only ciphertext, the wrapped key, a keyed fingerprint and a hint go further.
 */
public class SecretSealer {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();

    private final MasterKeyRing keys;
    private final byte[] fingerprintKey;

    /** A sealer with one master key and the fingerprint key derived from it (tests and first starts). */
    public SecretSealer(MasterKey masterKey) {
        this(new MasterKeyRing(masterKey, null), masterKey.fingerprintKey());
    }

    /** New keys are wrapped by the ring's current key; fingerprints use the stored fingerprint key. */
    public SecretSealer(MasterKeyRing keys, byte[] fingerprintKey) {
        this.keys = keys;
        this.fingerprintKey = fingerprintKey.clone();
    }

    public SealedSecret seal(String plaintext) {
        String dataKeyId = StrongRandom.uuid().toString();
        byte[] dataKey = Aes256Gcm.randomKey();
        try {
            byte[] sealed = Aes256Gcm.seal(dataKey, plaintext.getBytes(StandardCharsets.UTF_8), dataKeyId);
            byte[] nonce = Arrays.copyOf(sealed, Aes256Gcm.NONCE_BYTES);
            byte[] ciphertext = Arrays.copyOfRange(sealed, Aes256Gcm.NONCE_BYTES, sealed.length);
            SecretEnvelope envelope = new SecretEnvelope(dataKeyId, BASE64.encodeToString(nonce),
                    BASE64.encodeToString(ciphertext));
            return new SealedSecret(dataKeyId, BASE64.encodeToString(keys.current().wrap(dataKey, dataKeyId)), envelope,
                    fingerprint(plaintext), SecretHints.of(plaintext));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /** Decrypts an envelope with its wrapped data key; fails once that key has been destroyed. */
    public String open(SecretEnvelope envelope, String wrappedDataKey) {
        byte[] dataKey = keys.unwrap(BASE64_DECODER.decode(wrappedDataKey), envelope.dataKeyId());
        try {
            byte[] plaintext = Aes256Gcm.run(javax.crypto.Cipher.DECRYPT_MODE, dataKey,
                    BASE64_DECODER.decode(envelope.nonce()), BASE64_DECODER.decode(envelope.ciphertext()),
                    envelope.dataKeyId());
            return new String(plaintext, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Equal secrets give equal fingerprints, and nobody without the fingerprint key (kept wrapped by the master key)
     * can compute one. A master key rotation re-wraps the fingerprint key but never changes it, so fingerprints
     * stored before a rotation still match.
     */
    public String fingerprint(String plaintext) {
        return "hmac-sha256:" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MasterKey.hmac(fingerprintKey, plaintext.getBytes(StandardCharsets.UTF_8)));
    }
}
