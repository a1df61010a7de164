package io.credreg.api.credential;

public enum CredentialStatus {
    ACTIVE, DELETED;

    /** The lower-case form the REST contract speaks. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
