package io.credreg.query;

import io.credreg.api.EventMetadata;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindCredentialHistory;
import io.credreg.api.credential.HistoryEntry;
import io.credreg.api.credential.SecretEnvelope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code CredentialRenamed} stored before revision 2, byte for byte as the command side wrote it then, goes
 * through the real event store and the pooled processors and is projected with its new name.
 */
@QuerySideTest
class StoredEventEvolutionTest {

    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRenameStoredInTheFirstShapeIsProjected() {
        String id = UUID.randomUUID().toString();
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, "tester").and(EventMetadata.CORRELATION_ID, id);
        DomainEventMessage<?> created = new GenericDomainEventMessage<>("Credential", id, 0,
                new CredentialCreated(id, "Before", "openai", new SecretEnvelope("dk", "n", "c"), "fp-" + id,
                        "sk-…beef", 1), metaData);
        transactions.executeWithoutResult(status -> eventStore.publish(created));
        appendFirstShapeRename(id, "Before", "After");

        assertThat(eventStore.readEvents(id).asStream().map(DomainEventMessage::getPayload).toList()).last()
                .isEqualTo(new CredentialRenamed(id, "openai", "Before", "After"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> detail(id).map(CredentialDetail::name).filter("After"::equals).isPresent()
                        && history(id).size() == 2);
        assertThat(history(id)).extracting(HistoryEntry::type)
                .containsExactly("CredentialCreated", "CredentialRenamed");
    }

    /** Writes the row as revision-less {@code CredentialRenamed} events were stored, metadata copied from the creation. */
    private void appendFirstShapeRename(String id, String previousName, String name) {
        byte[] metaData = jdbc.queryForObject("select meta_data from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = 0", byte[].class, id);
        String payload = "{\"credentialId\":\"" + id + "\",\"provider\":\"openai\",\"previousName\":\""
                + previousName + "\",\"name\":\"" + name + "\"}";
        jdbc.update("insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                        + " event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp)"
                        + " values (next value for domain_event_entry_seq, ?, 1, 'Credential', ?,"
                        + " 'io.credreg.api.credential.CredentialRenamed', null, ?, ?, ?)",
                id, UUID.randomUUID().toString(), payload.getBytes(StandardCharsets.UTF_8), metaData,
                Instant.now().toString());
    }

    private Optional<CredentialDetail> detail(String id) {
        return queries.query(new FindCredential(id), ResponseTypes.optionalInstanceOf(CredentialDetail.class))
                .join();
    }

    private List<HistoryEntry> history(String id) {
        return queries.query(new FindCredentialHistory(id), ResponseTypes.multipleInstancesOf(HistoryEntry.class))
                .join();
    }
}
