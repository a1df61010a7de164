package io.credreg.query.timetravel;

import io.credreg.api.EventMetadata;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialPurged;
import io.credreg.api.credential.CredentialRestored;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Decision 0200 in time travel: deleted-but-restorable, restored with its rebinds, deleted again and purged. */
@QuerySideTest
class RecoveryWindowTimeTravelTest {

    private static final Instant T0 = Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void theCredentialIsSeenDeletedRestorableThenRestoredThenPurgedAtTheInstantsOfItsEvents() throws Exception {
        String id = UUID.randomUUID().toString();
        String instance = "tt-rw-" + id;
        SecretEnvelope envelope = new SecretEnvelope("dk", "n", "c");
        Instant until = at(100);
        append(id, at(0), new CredentialCreated(id, "Key", "openai", envelope, null, "sk-…beef", 1),
                at(10), new SettingBound(id, instance, "openai.default", "openai", null),
                at(20), new CredentialDeleted(id, "Key", "openai", null, null, 1, until),
                at(20), new SettingUnbound(id, instance, "openai.default", UnbindReason.CREDENTIAL_DELETED),
                at(30), new CredentialRestored(id, "Key", "openai", envelope, 1,
                        List.of(new SettingRef(instance, "openai.default")), List.of()),
                at(30), new SettingBound(id, instance, "openai.default", "openai", null),
                at(40), new CredentialDeleted(id, "Key", "openai", null, null, 1, at(50)),
                at(40), new SettingUnbound(id, instance, "openai.default", UnbindReason.CREDENTIAL_DELETED),
                at(60), new CredentialPurged(id, "Key", "openai", "dk"));

        credentialAt(id, at(25)).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("deleted"))
                .andExpect(jsonPath("$.restorableUntil").value(until.toString()))
                .andExpect(jsonPath("$.bindings", hasSize(0)));
        credentialAt(id, at(35)).andExpect(jsonPath("$.status").value("active"))
                .andExpect(jsonPath("$.restorableUntil").value(nullValue()))
                .andExpect(jsonPath("$.bindings[0].instanceId").value(instance));
        settingsAt(instance, at(35)).andExpect(jsonPath("$[0].credentialId").value(id));
        credentialAt(id, at(45)).andExpect(jsonPath("$.status").value("deleted"))
                .andExpect(jsonPath("$.restorableUntil").value(at(50).toString()));
        credentialAt(id, at(65)).andExpect(jsonPath("$.status").value("deleted"))
                .andExpect(jsonPath("$.restorableUntil").value(nullValue()))
                .andExpect(jsonPath("$.purgedAt").value(at(60).toString()));
    }

    private ResultActions credentialAt(String id, Instant at) throws Exception {
        return mvc.perform(get("/api/credentials/{id}", id).param("at", at.toString()));
    }

    private ResultActions settingsAt(String instance, Instant at) throws Exception {
        return mvc.perform(get("/api/instances/{i}/settings", instance).param("at", at.toString()));
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Appends the stream's events; arguments alternate: instant, payload, instant, payload, ... */
    private void append(String id, Object... instantsAndPayloads) {
        MetaData metaData = MetaData.from(Map.of(EventMetadata.ACTOR, "tester", EventMetadata.CORRELATION_ID, id));
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        long next = 0;
        for (int i = 0; i < instantsAndPayloads.length; i += 2) {
            messages.add(new GenericDomainEventMessage<>("Credential", id, next++, instantsAndPayloads[i + 1],
                    metaData, UUID.randomUUID().toString(), (Instant) instantsAndPayloads[i]));
        }
        transactions.executeWithoutResult(status -> eventStore.publish(messages));
    }
}
