package io.credreg.query.admin;

import io.credreg.api.EventMetadata;
import io.credreg.api.audit.AuditFilter;
import io.credreg.api.audit.AuditPage;
import io.credreg.api.audit.FindAuditEntries;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.CredentialSummary;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindCredentialHistory;
import io.credreg.api.credential.FindCredentials;
import io.credreg.api.credential.HistoryEntry;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.api.instance.FindInstanceSettings;
import io.credreg.api.instance.InstanceSetting;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A replay through the admin endpoint rebuilds every read model, and the audit chain, exactly as it was. */
@QuerySideTest
class ReplayEndpointTest {

    private static final List<String> INSTANCES = List.of("replay-wa-1", "replay-wa-2", "replay-wa-3");

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    QueryGateway queries;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void replayRebuildsTheReadModelsAsTheyWere() throws Exception {
        List<String> ids = List.of(credential(false), credential(false), credential(true));
        awaitAllProcessorsCaughtUp();
        ReadModels before = capture(ids);
        // A damaged row proves that the tables are really rebuilt, not merely left alone.
        jdbc.update("update qr_credential set name = 'damaged' where credential_id = ?", ids.get(0));
        jdbc.update("update qr_audit_entry set actor = 'damaged' where credential_id = ?", ids.get(0));
        jdbc.update("update audit_chain_entry set entry_hash = ? where chain_position = 1", "0".repeat(64));

        mvc.perform(post("/api/admin/processors/credentials/replay")).andExpect(status().isAccepted())
                .andExpect(jsonPath("$.replaying").value(true));
        mvc.perform(post("/api/admin/processors/credentials/replay")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/replay-in-progress"));
        mvc.perform(post("/api/admin/processors/credential-history/replay")).andExpect(status().isAccepted());
        mvc.perform(post("/api/admin/processors/audit/replay")).andExpect(status().isAccepted());
        mvc.perform(post("/api/admin/processors/audit-chain/replay")).andExpect(status().isAccepted());
        awaitAllProcessorsCaughtUp();

        assertThat(capture(ids)).isEqualTo(before);
    }

    @Test
    void anUnknownProcessorIsNotFound() throws Exception {
        mvc.perform(post("/api/admin/processors/no-such-processor/replay"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/not-found"));
    }

    @Test
    void theListingShowsEveryProcessorCaughtUpWithItsSegments() throws Exception {
        awaitAllProcessorsCaughtUp();
        mvc.perform(get("/api/admin/processors"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[*].name",
                        contains("api-tokens", "audit", "audit-chain", "credential-history", "credentials")))
                .andExpect(jsonPath("$[0].segments", contains(0, 1)))
                .andExpect(jsonPath("$[2].segments", contains(0)))
                .andExpect(jsonPath("$[0].progress").isEmpty());
    }

    private void awaitAllProcessorsCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> mvc.perform(get("/api/admin/processors"))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$[*].status", everyItem(is("running"))))
                        .andExpect(jsonPath("$[*].replaying", everyItem(is(false))))
                        // a segment not claimed yet has no position, so lag 0 alone could be only half the story
                        // the audit chain has one segment (one total order), the projections two
                        .andExpect(jsonPath("$[?(@.name == 'audit-chain')].segments", everyItem(hasSize(1))))
                        .andExpect(jsonPath("$[?(@.name != 'audit-chain')].segments", everyItem(hasSize(2))))
                        .andExpect(jsonPath("$[*].lag", everyItem(is(0)))));
    }

    /** A credential's whole life: created, renamed, rotated, bound to every instance, one unbound, maybe deleted. */
    private String credential(boolean deleted) {
        String id = UUID.randomUUID().toString();
        List<Object> events = new ArrayList<>(List.of(
                new CredentialCreated(id, "key " + id, "openai", new SecretEnvelope("dk", "n", "c"), "fp-" + id,
                        "sk-…beef", 1),
                new CredentialRenamed(id, "openai", "key " + id, "renamed " + id),
                new CredentialSecretRotated(id, new SecretEnvelope("dk2", "n", "c"), "fp2-" + id, "sk-…f00d", 2,
                        "dk")));
        INSTANCES.forEach(instance -> events.add(
                new SettingBound(id, instance, "openai.bot." + id, "openai", null)));
        events.add(new SettingUnbound(id, INSTANCES.get(0), "openai.bot." + id, UnbindReason.REQUESTED));
        if (deleted) {
            events.add(new CredentialDeleted(id, "renamed " + id, "openai", "fp2-" + id, "dk2", 2));
        }
        append(id, events);
        return id;
    }

    private void append(String id, List<Object> payloads) {
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, "tester").and(EventMetadata.CORRELATION_ID, id);
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < payloads.size(); i++) {
            messages.add(new GenericDomainEventMessage<>("Credential", id, i, payloads.get(i), metaData));
        }
        transactions.executeWithoutResult(status -> eventStore.publish(messages));
    }

    /**
     * Audit pages stop at the watermark, which the segments' stored tokens raise a little after the processors
     * report lag 0 (AuditWatermark); a credential's page is complete when it shows as many entries as its history.
     */
    private void awaitAuditPagesComplete(List<String> ids) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                ids.forEach(id -> assertThat(auditPage(id).items()).hasSameSizeAs(queries.query(
                        new FindCredentialHistory(id), ResponseTypes.multipleInstancesOf(HistoryEntry.class)).join())));
    }

    private AuditPage auditPage(String id) {
        return queries.query(new FindAuditEntries(new AuditFilter(id, null, null, null, null, null), 0, 500),
                AuditPage.class).join();
    }

    private ReadModels capture(List<String> ids) {
        awaitAuditPagesComplete(ids);
        Map<String, CredentialDetail> details = new LinkedHashMap<>();
        Map<String, List<HistoryEntry>> histories = new LinkedHashMap<>();
        ids.forEach(id -> details.put(id, queries.query(new FindCredential(id),
                ResponseTypes.optionalInstanceOf(CredentialDetail.class)).join().orElseThrow()));
        ids.forEach(id -> histories.put(id, queries.query(new FindCredentialHistory(id),
                ResponseTypes.multipleInstancesOf(HistoryEntry.class)).join()));
        Map<String, List<InstanceSetting>> settings = new LinkedHashMap<>();
        INSTANCES.forEach(instance -> settings.put(instance, queries.query(new FindInstanceSettings(instance),
                ResponseTypes.multipleInstancesOf(InstanceSetting.class)).join()));
        List<CredentialSummary> list = queries.query(new FindCredentials(null, null, null),
                ResponseTypes.multipleInstancesOf(CredentialSummary.class)).join();
        Map<String, AuditPage> audit = new LinkedHashMap<>();
        ids.forEach(id -> audit.put(id, auditPage(id)));
        // which events are chained; their order (and so the hashes) may differ where transactions committed out of
        // order (AuditChainTest covers that)
        List<Map<String, Object>> chain = jdbc.queryForList(
                "select global_index, event_identifier from audit_chain_entry order by global_index");
        return new ReadModels(list, details, settings, histories, audit, chain);
    }

    private record ReadModels(List<CredentialSummary> list, Map<String, CredentialDetail> details,
                              Map<String, List<InstanceSetting>> settings,
                              Map<String, List<HistoryEntry>> histories, Map<String, AuditPage> audit,
                              List<Map<String, Object>> chain) {
    }
}
