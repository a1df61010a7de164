package io.credreg.command.infrastructure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FixedDelayPollerTest {

    private final AtomicInteger polls = new AtomicInteger();
    private final List<RuntimeException> failures = new CopyOnWriteArrayList<>();

    private final FixedDelayPoller poller = new FixedDelayPoller("test-poller", Duration.ofMillis(10)) {
        @Override
        protected void poll() {
            if (polls.incrementAndGet() == 1) {
                throw new IllegalStateException("the first poll fails");
            }
        }

        @Override
        protected void pollFailed(RuntimeException failed) {
            failures.add(failed);
        }
    };

    @Test
    void aFailedPollIsReportedAndTheNextOneTriesAgainUntilStopped() throws InterruptedException {
        assertThat(poller.isRunning()).isFalse();

        poller.start();
        assertThat(poller.isRunning()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> polls.get() >= 3);
        poller.stop();

        assertThat(poller.isRunning()).isFalse();
        assertThat(failures).extracting(Throwable::getMessage).containsExactly("the first poll fails");
        int afterStop = polls.get();
        Thread.sleep(100);
        assertThat(polls.get()).as("no poll after stop, but the one running then").isLessThanOrEqualTo(afterStop + 1);
    }
}
