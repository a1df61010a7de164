package io.credreg.platform.idempotency;

/**
 * Whether the current thread is answering a keyed request, whose transaction the commands it sends join. A command
 * side uses it to keep its own per-command retry out of the way (the request is retried as a whole instead) and to
 * say when a command completed inside the request's transaction.
 */
public final class IdempotentExecution {

    private static final ThreadLocal<State> CURRENT = new ThreadLocal<>();

    private IdempotentExecution() {
    }

    private static final class State {
        private boolean commandCompleted;
    }

    /** True while a keyed request is handled on this thread. */
    public static boolean active() {
        return CURRENT.get() != null;
    }

    /** Records that a command's unit of work completed inside the keyed request's (not yet committed) transaction. */
    public static void commandCompleted() {
        State state = CURRENT.get();
        if (state != null) {
            state.commandCompleted = true;
        }
    }

    static void begin() {
        CURRENT.set(new State());
    }

    static boolean anyCommandCompleted() {
        State state = CURRENT.get();
        return state != null && state.commandCompleted;
    }

    static void end() {
        CURRENT.remove();
    }
}
