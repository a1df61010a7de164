package io.credreg.api.credential;

/**
 * A secret as it travels from the HTTP edge to the aggregate: already encrypted under a fresh data key, that data key
 * wrapped by the master key. The plaintext never enters a message.
 *
 * @param dataKeyId      reference under which the wrapped data key is kept in the key store
 * @param wrappedDataKey the data key, encrypted by the master key (base64); stored in the key store, never in an event
 * @param envelope       the secret encrypted under the data key, bound to {@code credentialId} and
 *                       {@code secretVersion}
 * @param fingerprint    keyed fingerprint (HMAC-SHA256) used to detect a secret registered twice; kept in the lookup
 *                       table only, never in an event
 * @param hint           a masked hint such as {@code …9f3a}
 * @param credentialId   the credential the envelope is bound to
 * @param secretVersion  the secret version the envelope is bound to
 */
public record SealedSecret(String dataKeyId, String wrappedDataKey, SecretEnvelope envelope, String fingerprint,
                           String hint, String credentialId, int secretVersion) {

    /** True when the envelope decrypts only as {@code secretVersion} of {@code credentialId}. */
    public boolean boundTo(String credentialId, int secretVersion) {
        return credentialId.equals(this.credentialId) && secretVersion == this.secretVersion;
    }

    @Override
    public String toString() {
        return "SealedSecret[dataKeyId=" + dataKeyId + ", hint=" + hint + ", bound to " + credentialId + " v"
                + secretVersion + "]";
    }
}
