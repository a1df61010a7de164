package io.credreg.query.timetravel;

import io.credreg.api.EventMetadata;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.QuerySideTest;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Time travel around a rotation, a replacement and a deletion cascade, with events stored at chosen instants, and
 * the rules for instants the answer cannot be given for.
 */
@QuerySideTest
class TimeTravelTest {

    /** A day ago, whole milliseconds: far enough in the past, and exact through every store. */
    private static final Instant T0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aRotationIsSeenFromTheInstantOfItsEvent() throws Exception {
        String id = id();
        String instance = "tt-rot-" + id;
        createBoundAndRotated(id, "Rotating", instance);

        // stored hints of the old rule (sk-…beef) are read as the new rule shows them (decision 0060)
        credentialAt(id, at(19)).andExpect(status().isOk())
                .andExpect(jsonPath("$.secretVersion").value(1))
                .andExpect(jsonPath("$.secretHint").value("…beef"))
                .andExpect(jsonPath("$.updatedAt").value(at(0).toString()))
                .andExpect(jsonPath("$.asOf").value(at(19).toString()))
                .andExpect(jsonPath("$.bindings[0].instanceId").value(instance))
                .andExpect(jsonPath("$.bindings[0].boundAt").value(at(10).toString()));
        credentialAt(id, at(20)).andExpect(status().isOk())
                .andExpect(jsonPath("$.secretVersion").value(2))
                .andExpect(jsonPath("$.secretHint").value("…f00d"))
                .andExpect(jsonPath("$.updatedAt").value(at(20).toString()))
                .andExpect(jsonPath("$.bindingCount").value(1));
        settingsAt(instance, at(9)).andExpect(status().isOk()).andExpect(jsonPath("$", hasSize(0)));
        settingsAt(instance, at(25)).andExpect(jsonPath("$[0].credentialId").value(id))
                .andExpect(jsonPath("$[0].credentialName").value("Rotating"))
                .andExpect(jsonPath("$[0].boundAt").value(at(10).toString()));
    }

    /** The command side snapshots long streams (issue 10); a snapshot is its aggregate's state, not an event. */
    @Test
    void aSnapshotOfTheCommandSideDoesNotHideTheEventsBeforeIt() throws Exception {
        String id = id();
        String instance = "tt-snap-" + id;
        createBoundAndRotated(id, "Snapshotted", instance);
        transactions.executeWithoutResult(status -> eventStore.storeSnapshot(new GenericDomainEventMessage<>(
                "Credential", id, 2, Map.of("secretVersion", 2), MetaData.emptyInstance(),
                UUID.randomUUID().toString(), at(21))));

        credentialAt(id, at(15)).andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Snapshotted"))
                .andExpect(jsonPath("$.secretVersion").value(1))
                .andExpect(jsonPath("$.bindings[0].instanceId").value(instance));
        credentialAt(id, at(25)).andExpect(status().isOk())
                .andExpect(jsonPath("$.secretVersion").value(2))
                .andExpect(jsonPath("$.bindingCount").value(1));
        settingsAt(instance, at(25)).andExpect(jsonPath("$[0].credentialId").value(id));
    }

    @Test
    void aStagedVersionIsPendingUntilItsPromotion() throws Exception {
        String id = id();
        append(id, at(0), created(id, "Staged"),
                at(10), new io.credreg.api.credential.CredentialSecretStaged(id, new SecretEnvelope("dk2", "n", "c"),
                        "…f00d", 2, 1, io.credreg.api.credential.StagedPromotion.MANUAL, null, 60, null, null),
                at(20), new io.credreg.api.credential.CredentialSecretPromoted(id, 2, "…f00d", 1, "dk", 60,
                        io.credreg.api.credential.PromotionTrigger.MANUAL),
                at(30), new io.credreg.api.credential.SecretVersionRetired(id, 1, "dk"));

        credentialAt(id, at(9)).andExpect(jsonPath("$.secretVersion").value(1))
                .andExpect(jsonPath("$.pendingVersion").value(org.hamcrest.Matchers.nullValue()));
        credentialAt(id, at(15)).andExpect(jsonPath("$.secretVersion").value(1))
                .andExpect(jsonPath("$.pendingVersion").value(2))
                .andExpect(jsonPath("$.pendingHint").value("…f00d"));
        credentialAt(id, at(25)).andExpect(jsonPath("$.secretVersion").value(2))
                .andExpect(jsonPath("$.secretHint").value("…f00d"))
                .andExpect(jsonPath("$.pendingVersion").value(org.hamcrest.Matchers.nullValue()));
        credentialAt(id, at(35)).andExpect(jsonPath("$.secretVersion").value(2));
    }

    @Test
    void beforeItsCreationACredentialIsNotFoundWithTheInstantItWasCreated() throws Exception {
        String id = id();
        append(id, at(100), created(id, "Late"));

        credentialAt(id, at(99)).andExpect(status().isNotFound())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/not-found"))
                .andExpect(jsonPath("$.detail").value("Credential '" + id + "' did not exist yet at " + at(99)
                        + "; it was created at " + at(100) + "."));
        credentialAt(id, at(100)).andExpect(status().isOk()).andExpect(jsonPath("$.name").value("Late"));
        credentialAt("never-" + id, at(100)).andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("No credential with id 'never-" + id + "' is known."));
    }

    /**
     * A replacement unbinds the old credential (its stream) and binds the new one (another stream) in one
     * transaction; each event carries the instant it was applied, the unbind first. Between the two instants the
     * events say the setting held neither, and so does the answer; when both carry one instant, the new one holds it.
     */
    @Test
    void aReplacementHandsTheSettingOverAtTheInstantsOfItsTwoEvents() throws Exception {
        String oldId = id();
        String newId = id();
        String instance = "tt-repl-" + oldId;
        String setting = "openai.default";
        append(oldId, at(0), created(oldId, "Old"), at(10), bound(oldId, instance, setting, null),
                at(30), new SettingUnbound(oldId, instance, setting, UnbindReason.REPLACED));
        append(newId, at(5), created(newId, "New"), at(31), bound(newId, instance, setting, oldId));

        settingsAt(instance, at(29)).andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].credentialId").value(oldId));
        settingsAt(instance, at(30)).andExpect(jsonPath("$", hasSize(0)));
        settingsAt(instance, at(31)).andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].credentialId").value(newId))
                .andExpect(jsonPath("$[0].credentialName").value("New"))
                .andExpect(jsonPath("$[0].boundAt").value(at(31).toString()));
        credentialAt(oldId, at(30)).andExpect(jsonPath("$.bindings", hasSize(0)))
                .andExpect(jsonPath("$.status").value("active"));

        String sameInstantOld = id();
        String sameInstantNew = id();
        String other = "tt-repl-same-" + sameInstantOld;
        append(sameInstantOld, at(0), created(sameInstantOld, "Old"), at(10), bound(sameInstantOld, other, setting,
                null), at(40), new SettingUnbound(sameInstantOld, other, setting, UnbindReason.REPLACED));
        append(sameInstantNew, at(0), created(sameInstantNew, "New"), at(40),
                bound(sameInstantNew, other, setting, sameInstantOld));
        settingsAt(other, at(40)).andExpect(jsonPath("$", hasSize(1)))
                .andExpect(jsonPath("$[0].credentialId").value(sameInstantNew));
    }

    @Test
    void aDeletionCascadeLeavesTheCredentialDeletedAndEveryInstanceWithoutIt() throws Exception {
        String id = id();
        List<String> instances = List.of("tt-del-1-" + id, "tt-del-2-" + id, "tt-del-3-" + id);
        List<Object> events = new ArrayList<>(List.of(at(0), created(id, "Doomed")));
        for (String instance : instances) {
            events.addAll(List.of(at(10), bound(id, instance, "openai.default", null)));
        }
        events.addAll(List.of(at(50), new CredentialDeleted(id, "Doomed", "openai", "fp-" + id, "dk", 3)));
        for (String instance : instances) {
            events.addAll(List.of(at(50), new SettingUnbound(id, instance, "openai.default",
                    UnbindReason.CREDENTIAL_DELETED)));
        }
        append(id, events.toArray());

        credentialAt(id, at(49)).andExpect(jsonPath("$.status").value("active"))
                .andExpect(jsonPath("$.bindingCount").value(3))
                .andExpect(jsonPath("$.bindings[*].instanceId").value(org.hamcrest.Matchers.contains(
                        instances.toArray())));
        // as today's detail answers a deleted credential: 200, status deleted, no binding
        credentialAt(id, at(50)).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("deleted"))
                .andExpect(jsonPath("$.bindingCount").value(0))
                .andExpect(jsonPath("$.bindings", hasSize(0)))
                .andExpect(jsonPath("$.updatedAt").value(at(50).toString()));
        for (String instance : instances) {
            settingsAt(instance, at(49)).andExpect(jsonPath("$[0].credentialId").value(id));
            settingsAt(instance, at(50)).andExpect(jsonPath("$", hasSize(0)));
        }
    }

    /**
     * A rename stored in its first shape ({@code name}, no revision) is upcast before it is folded, in a
     * credential's answer and in an instance's.
     */
    @Test
    void aRenameStoredInItsFirstRevisionIsFolded() throws Exception {
        String id = id();
        append(id, at(0), created(id, "Before"));
        byte[] metaData = jdbc.queryForObject("select meta_data from domain_event_entry"
                + " where aggregate_identifier = ? and sequence_number = 0", byte[].class, id);
        String payload = "{\"credentialId\":\"" + id + "\",\"provider\":\"openai\",\"previousName\":\"Before\","
                + "\"name\":\"After\"}";
        jdbc.update("insert into domain_event_entry (global_index, aggregate_identifier, sequence_number, type,"
                        + " event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp)"
                        + " values (next value for domain_event_entry_seq, ?, 1, 'Credential', ?,"
                        + " 'io.credreg.api.credential.CredentialRenamed', null, ?, ?, ?)",
                id, UUID.randomUUID().toString(), payload.getBytes(StandardCharsets.UTF_8), metaData,
                at(10).toString());

        credentialAt(id, at(9)).andExpect(jsonPath("$.name").value("Before"));
        credentialAt(id, at(10)).andExpect(jsonPath("$.name").value("After"))
                .andExpect(jsonPath("$.updatedAt").value(at(10).toString()));
        // the instance's answer reads the streams of its credentials in one batch: upcast the same way
        String instance = "tt-upcast-" + id;
        append(id, at(20), bound(id, instance, "openai.default", null));
        settingsAt(instance, at(20)).andExpect(jsonPath("$[0].credentialName").value("After"));
    }

    /** At the present instant, time travel and the read models (once caught up) agree. */
    @Test
    void atThePresentTheAnswerIsTheCurrentDetail() throws Exception {
        String id = id();
        String instance = "tt-now-" + id;
        append(id, at(0), created(id, "Now"), at(1), bound(id, instance, "openai.default", null),
                at(2), bound(id, instance, "openai.bot.1", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> current(id) != null
                && current(id).bindingCount() == 2);
        CredentialDetail current = current(id);
        String now = Instant.now().toString();

        credentialAt(id, now).andExpect(jsonPath("$.name").value(current.name()))
                .andExpect(jsonPath("$.status").value(current.status()))
                .andExpect(jsonPath("$.secretVersion").value(current.secretVersion()))
                .andExpect(jsonPath("$.createdAt").value(current.createdAt().toString()))
                .andExpect(jsonPath("$.updatedAt").value(current.updatedAt().toString()))
                .andExpect(jsonPath("$.bindings[*].settingKey").value(org.hamcrest.Matchers.contains(
                        current.bindings().stream().map(CredentialDetail.Binding::settingKey).toArray())));
        String withoutAt = mvc.perform(get("/api/instances/{i}/settings", instance))
                .andReturn().getResponse().getContentAsString();
        settingsAt(instance, now).andExpect(content().json(withoutAt, true));
    }

    /**
     * The history read model is only an index, and may lag: a binding its processor has not handled yet is still
     * found, in the events after the processor's position.
     */
    @Test
    void aBindingTheIndexHasNotSeenYetIsFoundInTheEventStore() throws Exception {
        StreamingEventProcessor history = processing.eventProcessor(HistoryProjection.PROCESSING_GROUP,
                StreamingEventProcessor.class).orElseThrow();
        String id = id();
        String instance = "tt-lag-" + id;
        history.shutDown();
        try {
            append(id, at(0), created(id, "Unindexed"), at(10), bound(id, instance, "openai.default", null));
            Integer indexed = jdbc.queryForObject("select count(*) from qr_history_entry where instance_id = ?",
                    Integer.class, instance);
            org.assertj.core.api.Assertions.assertThat(indexed).isZero();

            settingsAt(instance, at(10)).andExpect(jsonPath("$", hasSize(1)))
                    .andExpect(jsonPath("$[0].credentialId").value(id));
        } finally {
            history.start();
        }
    }

    @Test
    void anInstantInTheFutureOrNotAnInstantIsABadRequest() throws Exception {
        String future = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        credentialAt("any-id", future).andExpect(status().isBadRequest())
                .andExpect(content().contentType("application/problem+json"))
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.detail").value(containsString("'at' must not be in the future: " + future)));
        settingsAt("any-instance", "last tuesday").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value("'at' must be an ISO-8601 instant with a time zone, such as"
                        + " 2026-11-24T14:00:00Z or 2026-11-24T15:00:00+01:00; got 'last tuesday'."));
        settingsAt("any-instance", "2026-11-24T14:00:00").andExpect(status().isBadRequest());
        credentialAt("any-id", "").andExpect(status().isBadRequest());
        credentialAt("not an id!", T0.toString()).andExpect(status().isBadRequest());
        settingsAt("any-instance", "2026-11-24T15:00:00+01:00").andExpect(status().isOk());
    }

    private ResultActions credentialAt(String id, Object at) throws Exception {
        return mvc.perform(get("/api/credentials/{id}", id).param("at", at.toString()));
    }

    private ResultActions settingsAt(String instance, Object at) throws Exception {
        return mvc.perform(get("/api/instances/{i}/settings", instance).param("at", at.toString()));
    }

    private CredentialDetail current(String id) {
        return queries.query(new FindCredential(id), ResponseTypes.optionalInstanceOf(CredentialDetail.class))
                .join().orElse(null);
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static CredentialCreated created(String id, String name) {
        return new CredentialCreated(id, name, "openai", new SecretEnvelope("dk", "n", "c"), "fp-" + id,
                "sk-…beef", 1);
    }

    private static SettingBound bound(String id, String instance, String setting, String replaced) {
        return new SettingBound(id, instance, setting, "openai", replaced);
    }

    /** Created at 0 s, bound to the instance's openai.default at 10 s, rotated to version 2 at 20 s. */
    private void createBoundAndRotated(String id, String name, String instance) {
        append(id, at(0), created(id, name), at(10), bound(id, instance, "openai.default", null),
                at(20), new CredentialSecretRotated(id, new SecretEnvelope("dk2", "n", "c"), "fp2-" + id,
                        "sk-…f00d", 2, "dk"));
    }

    /** Appends the stream's next events; arguments alternate: instant, payload, instant, payload, ... */
    private void append(String id, Object... instantsAndPayloads) {
        long next = eventStore.lastSequenceNumberFor(id).map(last -> last + 1).orElse(0L);
        MetaData metaData = MetaData.from(Map.of(EventMetadata.ACTOR, "tester", EventMetadata.CORRELATION_ID, id));
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < instantsAndPayloads.length; i += 2) {
            messages.add(new GenericDomainEventMessage<>("Credential", id, next++, instantsAndPayloads[i + 1],
                    metaData, UUID.randomUUID().toString(), (Instant) instantsAndPayloads[i]));
        }
        transactions.executeWithoutResult(status -> eventStore.publish(messages));
    }
}
