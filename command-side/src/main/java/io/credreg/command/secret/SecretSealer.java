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

    /**
     * Seals a secret as version {@code secretVersion} of credential {@code credentialId}: the envelope (format 2)
     * decrypts only when opened as exactly that version of exactly that credential.
     */
    public SealedSecret seal(String plaintext, String credentialId, int secretVersion) {
        String dataKeyId = StrongRandom.uuid().toString();
        byte[] dataKey = Aes256Gcm.randomKey();
        try {
            byte[] sealed = Aes256Gcm.seal(dataKey, plaintext.getBytes(StandardCharsets.UTF_8),
                    bind(dataKeyId, credentialId, secretVersion));
            byte[] nonce = Arrays.copyOf(sealed, Aes256Gcm.NONCE_BYTES);
            byte[] ciphertext = Arrays.copyOfRange(sealed, Aes256Gcm.NONCE_BYTES, sealed.length);
            SecretEnvelope envelope = new SecretEnvelope(dataKeyId, BASE64.encodeToString(nonce),
                    BASE64.encodeToString(ciphertext), SecretEnvelope.FORMAT_BOUND);
            return new SealedSecret(dataKeyId, BASE64.encodeToString(keys.current().wrap(dataKey, dataKeyId)), envelope,
                    fingerprint(plaintext), SecretHints.of(plaintext), credentialId, secretVersion);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Decrypts an envelope found as version {@code secretVersion} of credential {@code credentialId}. Fails once the
     * data key has been destroyed, and for an envelope of format 2 sealed for another credential or version (moved
     * or replayed). Envelopes of format 1 bind only their data key id, as they always did.
     */
    public String open(SecretEnvelope envelope, String wrappedDataKey, String credentialId, int secretVersion) {
        byte[] dataKey = keys.unwrap(BASE64_DECODER.decode(wrappedDataKey), envelope.dataKeyId());
        String associatedData = envelope.boundToCredential()
                ? bind(envelope.dataKeyId(), credentialId, secretVersion)
                : envelope.dataKeyId();
        try {
            byte[] plaintext = Aes256Gcm.run(javax.crypto.Cipher.DECRYPT_MODE, dataKey,
                    BASE64_DECODER.decode(envelope.nonce()), BASE64_DECODER.decode(envelope.ciphertext()),
                    associatedData);
            return new String(plaintext, StandardCharsets.UTF_8);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * The associated data of a format 2 envelope. Each part is prefixed with its length, so no two different
     * (credential, version, key) triples can ever give the same bytes.
     */
    static String bind(String dataKeyId, String credentialId, int secretVersion) {
        String version = Integer.toString(secretVersion);
        return "credreg-secret/2;" + credentialId.length() + ":" + credentialId + ";" + version.length() + ":"
                + version + ";" + dataKeyId.length() + ":" + dataKeyId;
    }

    /**
     * Equal secrets give equal fingerprints, and nobody without the fingerprint key (random, kept wrapped by the
     * master key) can compute one. A master key rotation re-wraps the fingerprint key but never changes it, so
     * fingerprints stored before a rotation still match.
     */
    public String fingerprint(String plaintext) {
        return "hmac-sha256:" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(MasterKey.hmac(fingerprintKey, plaintext.getBytes(StandardCharsets.UTF_8)));
    }
}
