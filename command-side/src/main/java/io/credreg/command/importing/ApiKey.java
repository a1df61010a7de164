package io.credreg.command.importing;

import io.credreg.api.credential.SecretHints;

/**
 * An API key read from the source, already trimmed. It is kept only in memory until it is sealed; its
 * {@link #toString()} is the masked hint the registry shows for it, so printing a plan, logging a row or formatting an
 * exception can never reveal it.
 */
final class ApiKey {

    private final String value;

    ApiKey(String value) {
        this.value = value;
    }

    /** The plaintext, for sealing and fingerprinting only. */
    String reveal() {
        return value;
    }

    /** The hint the registry will show, such as {@code …9f3a}; keys shorter than 16 characters show none. */
    String hint() {
        return SecretHints.of(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && key.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return hint();
    }
}
