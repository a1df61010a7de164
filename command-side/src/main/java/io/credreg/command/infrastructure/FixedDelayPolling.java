package io.credreg.command.infrastructure;

import io.credreg.platform.concurrent.DaemonThreads;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A task that a node runs on a daemon thread of its own, every {@code interval} from {@link #start()} to
 * {@link #stop()}: the pollers of due work (promotions, purges) that every command node runs. A run that fails is
 * handed to {@code onFailure}, and the next run tries again.
 */
public final class FixedDelayPolling {

    private final String threadName;
    private final Duration interval;
    private final Runnable task;
    private final Consumer<RuntimeException> onFailure;
    private ScheduledExecutorService executor;

    public FixedDelayPolling(String threadName, Duration interval, Runnable task,
                             Consumer<RuntimeException> onFailure) {
        this.threadName = threadName;
        this.interval = interval;
        this.task = task;
        this.onFailure = onFailure;
    }

    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named(threadName));
        long millis = interval.toMillis();
        executor.scheduleWithFixedDelay(this::runOnce, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void runOnce() {
        try {
            task.run();
        } catch (RuntimeException failed) {
            onFailure.accept(failed);
        }
    }

    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    public synchronized boolean isRunning() {
        return executor != null;
    }
}
