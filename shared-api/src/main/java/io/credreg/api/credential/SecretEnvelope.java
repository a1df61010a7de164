package io.credreg.api.credential;

/**
 * A secret encrypted with AES-256-GCM under the data key named by {@code dataKeyId}. Once that data key is destroyed
 * the ciphertext can never be decrypted again.
 *
 * @param dataKeyId  the data key that encrypted it
 * @param nonce      the GCM nonce (base64)
 * @param ciphertext ciphertext and tag (base64)
 */
public record SecretEnvelope(String dataKeyId, String nonce, String ciphertext) {
}
