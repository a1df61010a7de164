package io.credreg.query;

import io.credreg.api.EventMetadata;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialSummary;
import io.credreg.api.credential.FindCredentials;
import io.credreg.api.credential.DeletionImpact;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindCredentialHistory;
import io.credreg.api.credential.FindDeletionImpact;
import io.credreg.api.credential.HistoryEntry;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.api.instance.FindInstanceSettings;
import io.credreg.api.instance.InstanceSetting;
import io.credreg.query.credential.CredentialProjection;
import io.credreg.query.history.HistoryProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events go through the real event store and the pooled processors, as they do in production. */
@QuerySideTest
class ProcessorPipelineTest {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorPipelineTest.class);
    /** Raise with -Dcascade.size=10000 to measure the benchmark's hot credential. */
    private static final int CASCADE_SIZE = Integer.getInteger("cascade.size", 1_000);

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void deletionCascadeIsProjectedQuickly() {
        String id = UUID.randomUUID().toString();
        EventStream stream = new EventStream(id);
        stream.add(created(id));
        for (int i = 0; i < CASCADE_SIZE; i++) {
            stream.add(new SettingBound(id, "cascade-" + i, "openai.default", "openai", null));
        }
        long bindStart = System.nanoTime();
        append(stream.drain());
        long bindAppended = System.nanoTime();
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> bindingCount(id) == CASCADE_SIZE);
        LOG.info("{} binds: appended in {} ms, projected {} ms after commit", CASCADE_SIZE,
                millis(bindStart, bindAppended), millis(bindAppended, System.nanoTime()));

        stream.add(new CredentialDeleted(id, "Hot", "openai", "fp", "dk", CASCADE_SIZE));
        for (int i = 0; i < CASCADE_SIZE; i++) {
            stream.add(new SettingUnbound(id, "cascade-" + i, "openai.default", UnbindReason.CREDENTIAL_DELETED));
        }
        long start = System.nanoTime();
        append(stream.drain());
        long appended = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> noBindingLeft(id));
        long unbound = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> history(id).size() == 2 + 2 * CASCADE_SIZE);
        long recorded = System.nanoTime();

        LOG.info("Cascade of {} unbinds: appended in {} ms; no binding left {} ms after commit; history complete {} ms"
                        + " after commit", CASCADE_SIZE, millis(start, appended), millis(appended, unbound),
                millis(appended, recorded));
        assertThat(millis(appended, unbound)).isLessThan(5_000);
        assertThat(settings("cascade-0")).isEmpty();
        assertThat(settings("cascade-" + (CASCADE_SIZE - 1))).isEmpty();
        assertThat(history(id)).extracting(HistoryEntry::sequence).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void replayRebuildsTheReadModels() {
        String id = UUID.randomUUID().toString();
        EventStream stream = new EventStream(id);
        stream.add(created(id));
        stream.add(new SettingBound(id, "replay-1", "openai.default", "openai", null));
        stream.add(new SettingBound(id, "replay-2", "openai.default", "openai", null));
        stream.add(new SettingUnbound(id, "replay-2", "openai.default", UnbindReason.REQUESTED));
        append(stream.drain());
        await().atMost(Duration.ofSeconds(30)).until(() -> history(id).size() == 4 && bindingCount(id) == 1);
        CredentialDetail before = detail(id).orElseThrow();
        List<HistoryEntry> historyBefore = history(id);

        replay(CredentialProjection.PROCESSING_GROUP);
        replay(HistoryProjection.PROCESSING_GROUP);

        await().atMost(Duration.ofSeconds(30)).until(() -> detail(id).isPresent() && history(id).size() == 4);
        await().atMost(Duration.ofSeconds(30)).until(() -> before.equals(detail(id).orElseThrow()));
        assertThat(history(id)).isEqualTo(historyBefore);
        assertThat(settings("replay-1")).extracting(InstanceSetting::credentialId).containsExactly(id);
    }

    private void replay(String processorName) {
        StreamingEventProcessor processor =
                processing.eventProcessor(processorName, StreamingEventProcessor.class).orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        processor.start();
    }

    private void append(List<DomainEventMessage<?>> events) {
        transactions.executeWithoutResult(status -> eventStore.publish(events));
    }

    private static CredentialCreated created(String id) {
        return new CredentialCreated(id, id, "openai", new SecretEnvelope("dk", "n", "c"), "fp-" + id,
                "sk-…beef", 1);
    }

    private boolean noBindingLeft(String id) {
        Optional<CredentialDetail> detail = detail(id);
        DeletionImpact impact = queries.query(new FindDeletionImpact(id),
                ResponseTypes.optionalInstanceOf(DeletionImpact.class)).join().orElseThrow();
        return detail.isPresent() && "deleted".equals(detail.get().status()) && detail.get().bindings().isEmpty()
                && impact.settings().isEmpty();
    }

    /** Reads the summary, not the detail, so that polling does not load thousands of bindings each time. */
    private long bindingCount(String id) {
        return queries.query(new FindCredentials("openai", null, id),
                        ResponseTypes.multipleInstancesOf(CredentialSummary.class)).join().stream()
                .mapToLong(CredentialSummary::bindingCount).findFirst().orElse(-1L);
    }

    private Optional<CredentialDetail> detail(String id) {
        return queries.query(new FindCredential(id), ResponseTypes.optionalInstanceOf(CredentialDetail.class))
                .join();
    }

    private List<HistoryEntry> history(String id) {
        return queries.query(new FindCredentialHistory(id), ResponseTypes.multipleInstancesOf(HistoryEntry.class))
                .join();
    }

    private List<InstanceSetting> settings(String instanceId) {
        return queries.query(new FindInstanceSettings(instanceId),
                ResponseTypes.multipleInstancesOf(InstanceSetting.class)).join();
    }

    private static long millis(long fromNanos, long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    /** The events of one credential aggregate, numbered as the aggregate would number them. */
    private static final class EventStream {
        private final String aggregateId;
        private final List<DomainEventMessage<?>> pending = new ArrayList<>();
        private long nextSequence;

        EventStream(String aggregateId) {
            this.aggregateId = aggregateId;
        }

        void add(Object payload) {
            MetaData metaData = MetaData.with(EventMetadata.ACTOR, "tester")
                    .and(EventMetadata.CORRELATION_ID, "corr-" + aggregateId);
            pending.add(new GenericDomainEventMessage<>("Credential", aggregateId, nextSequence++, payload,
                    metaData));
        }

        List<DomainEventMessage<?>> drain() {
            List<DomainEventMessage<?>> events = List.copyOf(pending);
            pending.clear();
            return events;
        }
    }
}
