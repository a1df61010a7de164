package io.credreg.query.admin;

import jakarta.annotation.PreDestroy;
import io.credreg.platform.concurrent.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Logs the progress of every replaying processor every {@code registry.query.replay-log-interval} (default 5 s), so
 * that an operator following the log sees a long replay move, and notices the end of replays nobody polls for.
 */
@Component
class ReplayProgressLogger {

    private static final Logger LOG = LoggerFactory.getLogger(ReplayProgressLogger.class);

    private final ProcessorAdministration administration;
    private final Duration interval;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("replay-progress"));

    ReplayProgressLogger(ProcessorAdministration administration,
                         ReplayProperties replay) {
        this.administration = administration;
        this.interval = replay.replayLogInterval();
    }

    /**
     * Not before the application is ready: reading the processors earlier would build them before Axon has
     * registered every interceptor bean on them.
     */
    @EventListener(ApplicationReadyEvent.class)
    void start() {
        scheduler.scheduleAtFixedRate(this::logProgress, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
    }

    void logProgress() {
        try {
            administration.processors().stream()
                    .filter(processor -> processor.progress() != null)
                    .forEach(ReplayProgressLogger::log);
        } catch (RuntimeException e) {
            // A failing tick (the database briefly away) must not cancel the schedule.
            LOG.warn("Could not read the replay progress: {}", e.getClass().getSimpleName());
        }
    }

    private static void log(ProcessorView processor) {
        ReplayProgress progress = processor.progress();
        LOG.info("Replay of processor [{}]: {} % ({} events/s, position {}, about {} left)", processor.name(),
                progress.percent(), progress.eventsPerSecond(), processor.position(),
                progress.estimatedSecondsLeft() == null ? "unknown time" : progress.estimatedSecondsLeft() + " s");
    }
}
