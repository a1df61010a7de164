package io.credreg.command.admin;

/**
 * Re-wraps every data key and the fingerprint key under the current master key, while the registry keeps serving.
 * Implemented next to the keys (package {@code secret}); the admin controller only sees this.
 */
public interface MasterKeyRotation {

    /** Starts a rotation in the background unless one runs; the status says where it stands. */
    RotationStatus start();

    RotationStatus status();

    /** Thrown by {@link #start()} when this process holds no previous master key to rotate away from. */
    class NoPreviousKeyException extends RuntimeException {
        public NoPreviousKeyException(String message) {
            super(message);
        }
    }
}
