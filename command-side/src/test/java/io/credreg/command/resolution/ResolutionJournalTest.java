package io.credreg.command.resolution;

import io.credreg.api.credential.SecretResolved;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ACTOR_ROLE;
import static io.credreg.api.EventMetadata.ACTOR_TOKEN_ID;
import static io.credreg.api.EventMetadata.REQUEST_ID;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResolutionJournalTest {

    private final SimpleEventBus bus = SimpleEventBus.builder().build();
    private final List<List<? extends EventMessage<?>>> published = new CopyOnWriteArrayList<>();
    private ResolutionJournal journal;

    private ResolutionJournal start(int maxBatch, Duration timeout) {
        journal = new ResolutionJournal(bus::publish, NoTransactionManager.INSTANCE,
                new ResolutionJournalProperties(maxBatch, 10_000, timeout));
        journal.start();
        return journal;
    }

    @AfterEach
    void stop() throws InterruptedException {
        journal.stop();
    }

    @Test
    void returnsOnlyOnceTheResolutionIsPublishedWithWhoAskedAndWhat() {
        bus.subscribe(published::add);
        start(16, Duration.ofSeconds(5));

        journal.record(new ResolutionJournal.Entry("cred-1", "acme", "openai.default", 3, "tok-1", "acme-bot",
                "INSTANCE", "corr-1", "req-1"));

        assertThat(published).hasSize(1);
        EventMessage<?> event = published.get(0).get(0);
        assertThat(event.getPayload()).isEqualTo(new SecretResolved("cred-1", "acme", "openai.default", 3, "tok-1"));
        assertThat(event.getMetaData()).containsEntry(ACTOR, "acme-bot").containsEntry(ACTOR_TOKEN_ID, "tok-1")
                .containsEntry(ACTOR_ROLE, "INSTANCE").containsEntry(CORRELATION_ID, "corr-1")
                .containsEntry(REQUEST_ID, "req-1");
    }

    @Test
    void concurrentResolutionsShareTransactionsAndNoneIsDropped() throws Exception {
        CountDownLatch firstBatchHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        bus.subscribe(events -> {
            published.add(events);
            firstBatchHeld.countDown();
            await(release);
        });
        start(64, Duration.ofSeconds(10));
        ExecutorService clients = Executors.newFixedThreadPool(33);
        try {
            Future<?> first = clients.submit(() -> journal.record(entry(0)));
            firstBatchHeld.await();
            List<Future<?>> waiting = IntStream.range(1, 33)
                    .<Future<?>>mapToObj(i -> clients.submit(() -> journal.record(entry(i)))).toList();
            Thread.sleep(200); // all 32 are queued behind the first, held transaction
            release.countDown();
            first.get();
            for (Future<?> each : waiting) {
                each.get();
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(published.stream().mapToInt(List::size).sum()).isEqualTo(33);
        assertThat(published.size()).as("batches").isLessThan(33);
    }

    @Test
    void aResolutionThatCannotBeRecordedIsRefused() {
        bus.subscribe(events -> {
            throw new IllegalStateException("database down");
        });
        start(16, Duration.ofSeconds(5));

        assertThatThrownBy(() -> journal.record(entry(1)))
                .isInstanceOf(ResolutionNotRecordedException.class)
                .hasMessageContaining("could not be recorded");
    }

    @Test
    void aResolutionNotRecordedInTimeIsRefused() {
        CountDownLatch never = new CountDownLatch(1);
        bus.subscribe(events -> await(never));
        start(16, Duration.ofMillis(200));

        assertThatThrownBy(() -> journal.record(entry(1)))
                .isInstanceOf(ResolutionNotRecordedException.class)
                .hasMessageContaining("not recorded in time");
        never.countDown();
    }

    private static ResolutionJournal.Entry entry(int i) {
        return new ResolutionJournal.Entry("cred-1", "acme-" + i, "openai.default", 1, "tok", "bot", "INSTANCE", null, null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
