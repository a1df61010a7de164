package io.credreg.command.credential;

import io.credreg.api.credential.SecretEnvelope;

/** A credential's current secret as the aggregate hands it out: still sealed; only the HTTP edge opens it. */
public record ResolvedSecret(String credentialId, int secretVersion, SecretEnvelope envelope, String wrappedDataKey) {

    @Override
    public String toString() {
        return "ResolvedSecret[" + credentialId + ", v" + secretVersion + "]";
    }
}
