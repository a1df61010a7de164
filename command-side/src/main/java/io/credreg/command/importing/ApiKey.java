package io.credreg.command.importing;

import io.credreg.command.secret.SecretHint;

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

    /** The hint the registry will show, such as {@code sk-…9f3a}; short keys reveal less. */
    String hint() {
        return SecretHint.of(value);
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
