package io.credreg.platform.idempotency;

/**
 * What an application that answers {@code Idempotency-Key} tells the platform about its commands. Declaring a bean of
 * this type switches idempotency keys on (the command side does; see docs/decisions/0140).
 * <p>
 * A keyed request runs in one transaction that holds its key, its commands' events and its recorded answer. A command
 * that loses a race inside it cannot be retried on its own (the transaction is spoilt), so the whole request is run
 * again in a new transaction, as often as {@link #maxAttempts()} allows.
 */
public interface IdempotencyPolicy {

    /** Whether a failed attempt lost a race to another transaction and is worth running again. */
    boolean retryable(Throwable failure);

    /** Attempts in all, the first included. */
    int maxAttempts();

    /** The wait before the attempt after {@code failedAttempts} failed ones. */
    long backoffMillis(int failedAttempts);

    /**
     * Called after an attempt's transaction rolled back although a command inside it had completed its unit of work
     * (see {@link IdempotentExecution#commandCompleted()}): in-memory state that command left (an aggregate cache) no
     * longer matches the database.
     */
    void discardStateOfRolledBackCommands();
}
