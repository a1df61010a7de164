package io.credreg.command.credential;

/**
 * What a command on a credential answers: its result, and the version the credential's stream is at once the command
 * committed (the {@code ETag} of the answer).
 */
public record Versioned<T>(T result, long version) {
}
