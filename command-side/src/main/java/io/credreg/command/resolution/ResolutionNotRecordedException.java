package io.credreg.command.resolution;

/** A resolution that could not be recorded: its secret is not handed out (503, the client may retry). */
public class ResolutionNotRecordedException extends RuntimeException {

    public ResolutionNotRecordedException(String message, Throwable cause) {
        super(message, cause);
    }
}
