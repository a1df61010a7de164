package io.credreg.command.infrastructure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FixedDelayPollingTest {

    @Test
    void aFailedRunIsReportedAndTheNextRunTriesAgainUntilStopped() throws InterruptedException {
        AtomicInteger runs = new AtomicInteger();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        FixedDelayPolling polling = new FixedDelayPolling("test-polling", Duration.ofMillis(10), () -> {
            if (runs.incrementAndGet() == 1) {
                throw new IllegalStateException("the first run fails");
            }
        }, failures::add);
        assertThat(polling.isRunning()).isFalse();

        polling.start();
        assertThat(polling.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
        polling.stop();

        assertThat(polling.isRunning()).isFalse();
        assertThat(failures).extracting(Throwable::getMessage).containsExactly("the first run fails");
        int afterStop = runs.get();
        Thread.sleep(100);
        assertThat(runs.get()).as("no run after stop").isLessThanOrEqualTo(afterStop + 1);
    }
}
