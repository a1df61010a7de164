package io.credreg.api.credential;

/**
 * A secret encrypted with AES-256-GCM under the data key named by {@code dataKeyId}. Once that data key is destroyed
 * the ciphertext can never be decrypted again.
 * <p>
 * The {@code format} says what the cipher's associated data binds (docs/decisions/0060): {@value #FORMAT_KEY_ONLY}
 * (and null, how envelopes stored before formats existed read) binds the data key id only; {@value #FORMAT_BOUND} binds
 * the credential id and secret version as well, so the envelope decrypts nowhere else.
 *
 * @param dataKeyId  the data key that encrypted it
 * @param nonce      the GCM nonce (base64)
 * @param ciphertext ciphertext and tag (base64)
 * @param format     what the associated data binds
 */
public record SecretEnvelope(String dataKeyId, String nonce, String ciphertext, Integer format) {

    public static final int FORMAT_KEY_ONLY = 1;
    public static final int FORMAT_BOUND = 2;

    /** An envelope of the first format, as stored before formats existed. */
    public SecretEnvelope(String dataKeyId, String nonce, String ciphertext) {
        this(dataKeyId, nonce, ciphertext, FORMAT_KEY_ONLY);
    }

    /** True when the associated data binds the credential id and secret version. */
    public boolean boundToCredential() {
        return format != null && format >= FORMAT_BOUND;
    }
}
