package io.credreg.platform.concurrent;

import java.util.concurrent.ThreadFactory;

/** Threads for background work that must never keep a stopping JVM alive; the name says what each one does. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    public static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
