package io.credreg.query.auditchain;

import io.credreg.api.EventMetadata;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.QuerySideTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The chain is valid as the events were appended; altering one stored row behind the application's back (its
 * payload, its metadata) or deleting it makes verification name exactly that entry.
 */
@QuerySideTest
class AuditChainTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aValidChainCoversEveryEventAndEndsAtTheLastOne() throws Exception {
        appendCredentialWithRenames(3);
        awaitChained();
        long events = count("select count(*) from domain_event_entry");
        long last = count("select max(global_index) from domain_event_entry");
        String lastHash = jdbc.queryForObject("select entry_hash from audit_chain_entry"
                + " order by chain_position desc fetch first 1 rows only", String.class);

        verify().andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(true))
                .andExpect(jsonPath("$.count").value(events))
                .andExpect(jsonPath("$.headSequence").value(last))
                .andExpect(jsonPath("$.headHash").value(lastHash))
                .andExpect(jsonPath("$.unchainedEvents").value(0))
                .andExpect(jsonPath("$.firstMismatch").isEmpty());
    }

    @Test
    void anAlteredPayloadIsNamedAndRestoringItMakesTheChainValidAgain() throws Exception {
        List<Long> rows = appendCredentialWithRenames(3);
        awaitChained();
        verify().andExpect(jsonPath("$.valid").value(true));
        long target = rows.get(2);
        byte[] original = jdbc.queryForObject("select payload from domain_event_entry where global_index = ?",
                byte[].class, target);
        String forged = new String(original, StandardCharsets.UTF_8).replace("renamed 2", "renamed X");
        assertThat(forged).isNotEqualTo(new String(original, StandardCharsets.UTF_8));
        try {
            jdbc.update("update domain_event_entry set payload = ? where global_index = ?",
                    forged.getBytes(StandardCharsets.UTF_8), target);

            expectMismatchAt(target, "event-altered")
                    .andExpect(jsonPath("$.firstMismatch.actualHash").isNotEmpty());
        } finally {
            jdbc.update("update domain_event_entry set payload = ? where global_index = ?", original, target);
        }
        verify().andExpect(jsonPath("$.valid").value(true));
    }

    @Test
    void alteredMetadataIsNamed() throws Exception {
        List<Long> rows = appendCredentialWithRenames(2);
        awaitChained();
        long target = rows.get(1);
        byte[] original = jdbc.queryForObject("select meta_data from domain_event_entry where global_index = ?",
                byte[].class, target);
        String forged = new String(original, StandardCharsets.UTF_8).replace("tester", "mallory");
        try {
            jdbc.update("update domain_event_entry set meta_data = ? where global_index = ?",
                    forged.getBytes(StandardCharsets.UTF_8), target);
            expectMismatchAt(target, "event-altered");
        } finally {
            jdbc.update("update domain_event_entry set meta_data = ? where global_index = ?", original, target);
        }
        verify().andExpect(jsonPath("$.valid").value(true));
    }

    @Test
    void aDeletedEventIsNamedAsMissing() throws Exception {
        List<Long> rows = appendCredentialWithRenames(2);
        awaitChained();
        long target = rows.get(1);
        Map<String, Object> row = jdbc.queryForMap("select * from domain_event_entry where global_index = ?", target);
        try {
            jdbc.update("delete from domain_event_entry where global_index = ?", target);
            expectMismatchAt(target, "event-missing")
                    .andExpect(jsonPath("$.firstMismatch.actualHash").isEmpty());
        } finally {
            jdbc.update("insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                            + " event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row.get("GLOBAL_INDEX"), row.get("AGGREGATE_IDENTIFIER"), row.get("SEQUENCE_NUMBER"),
                    row.get("TYPE"), row.get("EVENT_IDENTIFIER"), row.get("PAYLOAD_TYPE"),
                    row.get("PAYLOAD_REVISION"), row.get("PAYLOAD"), row.get("META_DATA"), row.get("TIME_STAMP"));
        }
        verify().andExpect(jsonPath("$.valid").value(true));
    }

    /** An entry taken out of the chain table leaves a gap: named by its position, and the chain is not valid. */
    @Test
    void aDeletedChainEntryIsNamedAsMissing() throws Exception {
        List<Long> rows = appendCredentialWithRenames(2);
        awaitChained();
        Map<String, Object> entry = jdbc.queryForMap("select * from audit_chain_entry where global_index = ?",
                rows.get(1));
        long position = ((Number) entry.get("CHAIN_POSITION")).longValue();
        try {
            jdbc.update("delete from audit_chain_entry where chain_position = ?", position);
            verify().andExpect(status().isOk())
                    .andExpect(jsonPath("$.valid").value(false))
                    .andExpect(jsonPath("$.count").value(position - 1))
                    .andExpect(jsonPath("$.firstMismatch.chainPosition").value(position))
                    .andExpect(jsonPath("$.firstMismatch.problem").value("entry-missing"))
                    .andExpect(jsonPath("$.firstMismatch.sequence").isEmpty())
                    .andExpect(jsonPath("$.firstMismatch.expectedHash").isEmpty());
        } finally {
            jdbc.update("insert into audit_chain_entry (chain_position, global_index, event_identifier, entry_hash)"
                            + " values (?, ?, ?, ?)", position, entry.get("GLOBAL_INDEX"),
                    entry.get("EVENT_IDENTIFIER"), entry.get("ENTRY_HASH"));
        }
        verify().andExpect(jsonPath("$.valid").value(true));
    }

    /**
     * A stored event below the chain's head that the chain does not hold was skipped (global indexes follow commit
     * order, decision 0120, so it cannot be merely late): the chain is not valid, and the event is named.
     */
    @Test
    void aStoredEventTheChainSkippedMakesItInvalid() throws Exception {
        List<Long> rows = appendCredentialWithRenames(1);
        awaitChained();
        Map<String, Object> row = jdbc.queryForMap("select * from domain_event_entry where global_index = ?",
                rows.get(0));
        long skippedIndex = -1_000_000L - System.nanoTime() % 1_000_000L; // below every index the chain passed
        String skippedId = UUID.randomUUID().toString();
        jdbc.update("insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                        + " event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                skippedIndex, "skipped-" + skippedId, 0L, row.get("TYPE"), skippedId, row.get("PAYLOAD_TYPE"),
                row.get("PAYLOAD_REVISION"), row.get("PAYLOAD"), row.get("META_DATA"), row.get("TIME_STAMP"));
        try {
            verify().andExpect(jsonPath("$.valid").value(false))
                    .andExpect(jsonPath("$.firstMismatch.problem").value("event-unchained"))
                    .andExpect(jsonPath("$.firstMismatch.sequence").value(skippedIndex))
                    .andExpect(jsonPath("$.firstMismatch.eventIdentifier").value(skippedId));
        } finally {
            jdbc.update("delete from domain_event_entry where global_index = ?", skippedIndex);
        }
        verify().andExpect(jsonPath("$.valid").value(true));
    }

    /** Events the chain has not reached are reported, not verified, and do not make the chain invalid. */
    @Test
    void eventsNotChainedYetAreCountedApart() throws Exception {
        appendCredentialWithRenames(1);
        awaitChained();
        StreamingEventProcessor chain = processing.eventProcessor(AuditChainProjection.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        chain.shutDown();
        long chained;
        try {
            chained = count("select count(*) from audit_chain_entry");
            appendCredentialWithRenames(2);
            verify().andExpect(jsonPath("$.valid").value(true))
                    .andExpect(jsonPath("$.count").value(chained))
                    .andExpect(jsonPath("$.unchainedEvents").value(3));
        } finally {
            chain.start();
        }
        awaitChained();
        verify().andExpect(jsonPath("$.valid").value(true))
                .andExpect(jsonPath("$.count").value(chained + 3))
                .andExpect(jsonPath("$.unchainedEvents").value(0));
    }

    /** A replay rebuilds the chain from the event store: the same entries, the same hashes. */
    @Test
    void aReplayRebuildsTheSameChain() throws Exception {
        appendCredentialWithRenames(2);
        awaitChained();
        List<Map<String, Object>> before = jdbc.queryForList("select * from audit_chain_entry order by chain_position");
        jdbc.update("update audit_chain_entry set entry_hash = ? where chain_position = 1", "0".repeat(64));

        mvc.perform(post("/api/admin/processors/audit-chain/replay")).andExpect(status().isAccepted());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                mvc.perform(get("/api/admin/processors/audit-chain"))
                        .andExpect(jsonPath("$.replaying").value(false))
                        .andExpect(jsonPath("$.lag").value(0)));
        awaitChained();

        List<Map<String, Object>> after = jdbc.queryForList("select * from audit_chain_entry order by chain_position");
        if (inGlobalOrder(before)) {
            assertThat(after).isEqualTo(before);
        } else {
            // a transaction that committed after a later one was chained when it arrived; the replay reads the
            // store in global order, so from that entry on the order, and with it the hashes, differ
            assertThat(eventsOf(after)).isEqualTo(eventsOf(before));
        }
        verify().andExpect(jsonPath("$.valid").value(true));
    }

    private static boolean inGlobalOrder(List<Map<String, Object>> chain) {
        long previous = 0;
        for (Map<String, Object> entry : chain) {
            long index = ((Number) entry.get("global_index")).longValue();
            if (index < previous) {
                return false;
            }
            previous = index;
        }
        return true;
    }

    /** The chained events by global index, whatever their order in the chain. */
    private static Map<Long, Object> eventsOf(List<Map<String, Object>> chain) {
        Map<Long, Object> events = new java.util.TreeMap<>();
        chain.forEach(entry -> events.put(((Number) entry.get("global_index")).longValue(),
                entry.get("event_identifier")));
        return events;
    }

    private ResultActions expectMismatchAt(long globalIndex, String problem) throws Exception {
        String identifier = jdbc.queryForObject("select event_identifier from audit_chain_entry where global_index = ?",
                String.class, globalIndex);
        long position = count("select chain_position from audit_chain_entry where global_index = " + globalIndex);
        String recorded = jdbc.queryForObject("select entry_hash from audit_chain_entry where global_index = ?",
                String.class, globalIndex);
        return verify().andExpect(status().isOk())
                .andExpect(jsonPath("$.valid").value(false))
                .andExpect(jsonPath("$.count").value(position - 1))
                .andExpect(jsonPath("$.headHash").isEmpty())
                .andExpect(jsonPath("$.firstMismatch.chainPosition").value(position))
                .andExpect(jsonPath("$.firstMismatch.sequence").value(globalIndex))
                .andExpect(jsonPath("$.firstMismatch.eventIdentifier").value(identifier))
                .andExpect(jsonPath("$.firstMismatch.problem").value(problem))
                .andExpect(jsonPath("$.firstMismatch.expectedHash").value(recorded));
    }

    private ResultActions verify() throws Exception {
        return mvc.perform(get("/api/audit/verify"));
    }

    private void awaitChained() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                count("select count(*) from audit_chain_entry") == count("select count(*) from domain_event_entry"));
    }

    private long count(String sql) {
        Long value = jdbc.queryForObject(sql, Long.class);
        return value == null ? 0 : value;
    }

    /** A credential and {@code renames} renames; answers the global indexes of its rows, in order. */
    private List<Long> appendCredentialWithRenames(int renames) {
        String id = UUID.randomUUID().toString();
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, "tester").and(EventMetadata.CORRELATION_ID, id);
        List<DomainEventMessage<?>> messages = new java.util.ArrayList<>();
        messages.add(new GenericDomainEventMessage<>("Credential", id, 0, new CredentialCreated(id, "renamed 0",
                "openai", new SecretEnvelope("dk", "n", "c"), "fp-" + id, "sk-…beef", 1), metaData));
        for (int i = 1; i <= renames; i++) {
            messages.add(new GenericDomainEventMessage<>("Credential", id, i,
                    new CredentialRenamed(id, "openai", "renamed " + (i - 1), "renamed " + i), metaData));
        }
        transactions.executeWithoutResult(status -> eventStore.publish(messages));
        return jdbc.queryForList("select global_index from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number", Long.class, id);
    }
}
