package io.credreg.query.admin;

import io.credreg.api.EventMetadata;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.QuerySideTest;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jpa.JpaTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The blue-green rebuild procedure of docs/operations/blue-green-rebuild.md, step by step, on one query side that runs both the old
 * version of the credentials projection ({@code credentials}) and a next version under a new processor name
 * ({@code credentials-v2}, a test-scope projection into a new table). Then the clean-up of a processor that a
 * previous release left behind ({@code credentials-v0}): listed as retired, refused while an old node still
 * claims it, deleted once that node is gone.
 */
@QuerySideTest
@Import(BlueGreenRebuildTest.NextVersion.class)
@TestPropertySource(properties = {
        // a database of its own: the retired processor's tokens must not show in other tests' listings
        "spring.datasource.url=jdbc:h2:mem:blue-green-test;DB_CLOSE_DELAY=-1",
        "spring.flyway.locations=classpath:db/migration/common,classpath:db/migration/{vendor},"
                + "classpath:db/blue-green-example",
        "axon.eventhandling.processors.credentials-v2.mode=pooled",
        "axon.eventhandling.processors.credentials-v2.batch-size=250",
        "axon.eventhandling.processors.credentials-v2.initial-segment-count=2"})
@DirtiesContext
class BlueGreenRebuildTest {

    private static final String RETIRED = "credentials-v0";

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Serializer serializer;
    @Autowired
    EntityManagerProvider entityManagerProvider;

    @Test
    void theNextVersionIsBuiltBesideTheOldOneWhichKeepsServing() throws Exception {
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> credential(i % 5 == 0)).toList();

        // Step 2: both processors consume the same events; the old one answers queries throughout.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                mvc.perform(get("/api/credentials/" + ids.get(1))).andExpect(status().isOk()));
        // Step 3: the switch waits until the new processor has caught up, as the listing tells.
        awaitCaughtUp("credentials-v2");
        awaitCaughtUp("credentials");

        // The new table holds what the old one holds (and the new column), built from the events alone.
        assertThat(jdbc.queryForList("select credential_id, name, provider, status from qr_credential_v2"
                + " order by credential_id"))
                .isEqualTo(jdbc.queryForList("select credential_id, name, provider, status from qr_credential"
                        + " order by credential_id"));
        assertThat(jdbc.queryForObject("select count(*) from qr_credential_v2 where name_key <> lower(name)",
                Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from qr_credential_v2", Integer.class))
                .isGreaterThanOrEqualTo(ids.size());
    }

    @Test
    void aProcessorLeftBehindByAnOldReleaseIsListedAndRetiredOnceNoNodeClaimsIt() throws Exception {
        TokenStore oldNode = JpaTokenStore.builder().entityManagerProvider(entityManagerProvider)
                .serializer(serializer).nodeId("blue-node").build();
        transactions.executeWithoutResult(s -> oldNode.initializeTokenSegments(RETIRED, 2));
        transactions.executeWithoutResult(s -> oldNode.fetchToken(RETIRED, 1)); // an old node still runs it

        mvc.perform(get("/api/admin/processors/" + RETIRED))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("retired"))
                .andExpect(jsonPath("$.segments.length()").value(2));
        mvc.perform(delete("/api/admin/processors/" + RETIRED))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/segments-claimed-elsewhere"));
        mvc.perform(delete("/api/admin/processors/credentials"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/processor-active"));

        transactions.executeWithoutResult(s -> oldNode.releaseClaim(RETIRED, 1)); // the old release is stopped
        mvc.perform(delete("/api/admin/processors/" + RETIRED)).andExpect(status().isNoContent());

        mvc.perform(get("/api/admin/processors"))
                .andExpect(jsonPath("$[*].name", not(hasItem(RETIRED))))
                .andExpect(jsonPath("$[*].name", hasItem("credentials")));
        mvc.perform(delete("/api/admin/processors/" + RETIRED)).andExpect(status().isNotFound());
        // The live processors were left alone.
        assertThat(jdbc.queryForObject("select count(*) from token_entry where processor_name = 'credentials'",
                Integer.class)).isEqualTo(2);
    }

    private void awaitCaughtUp(String processor) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> mvc.perform(get("/api/admin/processors/" + processor))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.status").value("running"))
                        .andExpect(jsonPath("$.segments.length()").value(2))
                        .andExpect(jsonPath("$.lag").value(0)));
    }

    private String credential(boolean deleted) {
        String id = UUID.randomUUID().toString();
        List<Object> payloads = new java.util.ArrayList<>(List.of(
                new CredentialCreated(id, "Key " + id, "openai", new SecretEnvelope("dk", "n", "c"), "fp-" + id,
                        "sk-…beef", 1),
                new CredentialRenamed(id, "openai", "Key " + id, "Renamed " + id)));
        if (deleted) {
            payloads.add(new CredentialDeleted(id, "Renamed " + id, "openai", "fp-" + id, "dk", 1));
        }
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, "tester").and(EventMetadata.CORRELATION_ID, id);
        transactions.executeWithoutResult(status -> eventStore.publish(IntStream.range(0, payloads.size())
                .mapToObj(i -> new GenericDomainEventMessage<>("Credential", id, i, payloads.get(i), metaData))
                .toList()));
        return id;
    }

    /** The next version of the credentials projection, as a new release would ship it: new name, new table. */
    @TestConfiguration(proxyBeanMethods = false)
    static class NextVersion {
        @Bean
        CredentialsV2Projection credentialsV2Projection(JdbcTemplate jdbc) {
            return new CredentialsV2Projection(jdbc);
        }
    }

    @ProcessingGroup("credentials-v2")
    static class CredentialsV2Projection {

        private final JdbcTemplate jdbc;

        CredentialsV2Projection(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @EventHandler
        void on(CredentialCreated event) {
            jdbc.update("insert into qr_credential_v2 (credential_id, name, name_key, provider, status)"
                            + " select ?, ?, ?, ?, 'active' where not exists"
                            + " (select 1 from qr_credential_v2 where credential_id = ?)",
                    event.credentialId(), event.name(), key(event.name()), event.provider(), event.credentialId());
        }

        @EventHandler
        void on(CredentialRenamed event) {
            jdbc.update("update qr_credential_v2 set name = ?, name_key = ? where credential_id = ?",
                    event.newName(), key(event.newName()), event.credentialId());
        }

        @EventHandler
        void on(CredentialDeleted event) {
            jdbc.update("update qr_credential_v2 set status = 'deleted' where credential_id = ?",
                    event.credentialId());
        }

        @ResetHandler
        void reset() {
            jdbc.update("delete from qr_credential_v2");
        }

        private static String key(String name) {
            return name.toLowerCase(Locale.ROOT);
        }
    }
}
