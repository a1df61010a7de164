package io.credreg.command.infrastructure;

import io.credreg.platform.concurrent.DaemonThreads;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Work that every command node polls for on a daemon thread of its own, every {@code interval} while the application
 * runs: the promotions of staged rotations, the purges of ended recovery windows. A poll that fails goes to
 * {@link #pollFailed}, and the next poll tries again.
 */
public abstract class FixedDelayPoller implements SmartLifecycle {

    private final String threadName;
    private final Duration interval;
    private ScheduledExecutorService executor;

    protected FixedDelayPoller(String threadName, Duration interval) {
        this.threadName = threadName;
        this.interval = interval;
    }

    /** One poll: does what is due now. */
    protected abstract void poll();

    protected abstract void pollFailed(RuntimeException failed);

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::pollOnceSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void pollOnceSafely() {
        try {
            poll();
        } catch (RuntimeException failed) {
            pollFailed(failed);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
