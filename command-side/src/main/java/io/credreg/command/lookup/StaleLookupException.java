package io.credreg.command.lookup;

/**
 * A lookup read before the aggregates were locked no longer matched them: another command changed the same setting
 * in between. The whole command is rolled back and retried, and the retry reads the winner's outcome.
 */
public class StaleLookupException extends RuntimeException {

    public StaleLookupException(String message) {
        super(message, null, false, false);
    }
}
