package io.credreg.api.credential;

/**
 * A secret as it travels from the HTTP edge to the aggregate: already encrypted under a fresh data key, that data key
 * wrapped by the master key. The plaintext never enters a message.
 *
 * @param dataKeyId      reference under which the wrapped data key is kept in the key store
 * @param wrappedDataKey the data key, encrypted by the master key (base64); stored in the key store, never in an event
 * @param envelope       the secret encrypted under the data key
 * @param fingerprint    keyed fingerprint (HMAC-SHA256) used to detect a secret registered twice
 * @param hint           a masked hint such as {@code sk-…9f3a}
 */
public record SealedSecret(String dataKeyId, String wrappedDataKey, SecretEnvelope envelope, String fingerprint,
                           String hint) {

    @Override
    public String toString() {
        return "SealedSecret[dataKeyId=" + dataKeyId + ", hint=" + hint + "]";
    }
}
