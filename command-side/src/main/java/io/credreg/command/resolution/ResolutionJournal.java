package io.credreg.command.resolution;

import io.credreg.api.credential.SecretResolved;
import io.credreg.command.staged.StagedSecretTable;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ACTOR_ROLE;
import static io.credreg.api.EventMetadata.ACTOR_TOKEN_ID;
import static io.credreg.api.EventMetadata.REQUEST_ID;
import static io.credreg.api.EventMetadata.CORRELATION_ID;

/**
 * Records every resolution as a {@link SecretResolved} event before its secret leaves: a non-aggregate event in the
 * event store ({@link ResolutionStore}), so the credential's stream does not grow and no resolution waits for the
 * aggregate's lock. Concurrent resolutions are appended together by one writer, in one transaction (group commit);
 * each caller returns only once the transaction holding its event has committed, and is refused if it did not (fail
 * closed). A caller that gave up waiting may still find its resolution recorded: a record too many, never one too few.
 */
@Component
public class ResolutionJournal {

    private static final Logger log = LoggerFactory.getLogger(ResolutionJournal.class);

    /**
     * One resolution to record: what was resolved, and who asked ({@code actor} is the token's name, {@code actorRole}
     * its role), with the request's correlation id and the caller's request id (null where there is none).
     */
    public record Entry(String credentialId, String instanceId, String settingKey, int secretVersion,
                        String tokenId, String actor, String actorRole, String correlationId, String requestId) {
    }

    private record Pending(EventMessage<SecretResolved> event, CompletableFuture<Void> recorded) {
    }

    private final ResolutionStore store;
    private final TransactionManager transactions;
    private final ResolutionJournalProperties settings;
    private final BlockingQueue<Pending> pending;
    private final Thread writer;
    private volatile boolean running = true;

    @Autowired
    public ResolutionJournal(EventBus events, StagedSecretTable stagedSecrets, TransactionManager transactions,
                             ResolutionJournalProperties settings) {
        this(ResolutionStore.over(events, stagedSecrets), transactions, settings);
    }

    ResolutionJournal(ResolutionStore store, TransactionManager transactions, ResolutionJournalProperties settings) {
        this.store = store;
        this.transactions = transactions;
        this.settings = settings;
        this.pending = new ArrayBlockingQueue<>(settings.maxPending());
        this.writer = new Thread(this::writeUntilStopped, "resolution-journal");
        this.writer.setDaemon(true);
    }

    @PostConstruct
    public void start() {
        writer.start();
    }

    @PreDestroy
    public void stop() throws InterruptedException {
        running = false;
        writer.interrupt();
        writer.join(settings.timeout().toMillis());
        failAll(drain(Integer.MAX_VALUE), new IllegalStateException("the resolution journal has stopped"));
    }

    /** Returns once the resolution is durably recorded; throws {@link ResolutionNotRecordedException} otherwise. */
    public void record(Entry entry) {
        Pending resolution = new Pending(message(entry), new CompletableFuture<>());
        if (!running || !pending.offer(resolution)) {
            throw new ResolutionNotRecordedException("too many resolutions are waiting to be recorded", null);
        }
        try {
            resolution.recorded().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw new ResolutionNotRecordedException("the resolution could not be recorded", failed.getCause());
        } catch (TimeoutException late) {
            throw new ResolutionNotRecordedException("the resolution was not recorded in time", null);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ResolutionNotRecordedException("interrupted while the resolution was recorded", null);
        }
    }

    private static EventMessage<SecretResolved> message(Entry entry) {
        Map<String, Object> metaData = new HashMap<>();
        metaData.put(ACTOR, entry.actor());
        // as for every event a request causes: the token's id and role, not only its name
        putIfPresent(metaData, ACTOR_TOKEN_ID, entry.tokenId());
        putIfPresent(metaData, ACTOR_ROLE, entry.actorRole());
        putIfPresent(metaData, CORRELATION_ID, entry.correlationId());
        putIfPresent(metaData, REQUEST_ID, entry.requestId());
        return new GenericEventMessage<>(new SecretResolved(entry.credentialId(), entry.instanceId(),
                entry.settingKey(), entry.secretVersion(), entry.tokenId()), MetaData.from(metaData));
    }

    private static void putIfPresent(Map<String, Object> metaData, String key, String value) {
        if (value != null) {
            metaData.put(key, value);
        }
    }

    private void writeUntilStopped() {
        while (running) {
            try {
                Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    List<Pending> batch = new ArrayList<>(List.of(first));
                    batch.addAll(drain(settings.maxBatch() - 1));
                    write(batch);
                }
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            List<EventMessage<?>> messages = batch.stream().<EventMessage<?>>map(Pending::event).toList();
            transactions.executeInTransaction(() -> store.append(messages));
            batch.forEach(resolution -> resolution.recorded().complete(null));
        } catch (RuntimeException failure) {
            log.warn("Could not record {} resolutions; they are refused: {}", batch.size(), failure.toString());
            failAll(batch, failure);
        }
    }

    private List<Pending> drain(int max) {
        List<Pending> drained = new ArrayList<>();
        pending.drainTo(drained, max);
        return drained;
    }

    private static void failAll(List<Pending> batch, Throwable failure) {
        batch.forEach(resolution -> resolution.recorded().completeExceptionally(failure));
    }
}
