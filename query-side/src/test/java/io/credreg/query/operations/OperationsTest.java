package io.credreg.query.operations;

import io.credreg.api.EventMetadata;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.QuerySideTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What an operator sees of a running query side: health, metrics and request ids. */
@QuerySideTest
class OperationsTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    SecurityObservationSettings securityObservations;

    @Test
    void healthNamesTheDatabaseAndEveryProcessorWithItsSegments() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.eventProcessors.status").value("UP"))
                .andExpect(jsonPath("$.components.eventProcessors.details.credentials.running").value(true))
                .andExpect(jsonPath("$.components.eventProcessors.details['credential-history'].error")
                        .value(false))
                .andExpect(jsonPath("$.components.eventProcessors.details.credentials.claimedSegments.length()")
                        .value(2)));
    }

    @Test
    void axonMetricsArePublishedOnceEventsAreHandled() throws Exception {
        String id = projectOneCredential();

        mvc.perform(get("/actuator/metrics"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.names", hasItem("eventProcessor.latency")))
                .andExpect(jsonPath("$.names", hasItem("eventProcessor.processedCounter")))
                .andExpect(jsonPath("$.names", hasItem("queryBus.successCounter")));
        mvc.perform(get("/actuator/metrics/eventProcessor.processedCounter")
                        .param("tag", "processorName:credentials"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.measurements[0].value", greaterThan(0.0)));
        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                        .contains("eventProcessor_latency").doesNotContain(id));
    }

    @Test
    void requestsAreTimedWithoutAnObservationAroundEachSecurityFilter() throws Exception {
        // Spring Security would wrap each filter in an observation per request, for tracing detail nothing exports
        assertThat(securityObservations.shouldObserveRequests()).isFalse();
        assertThat(securityObservations.shouldObserveAuthentications()).isFalse();
        assertThat(securityObservations.shouldObserveAuthorizations()).isFalse();

        mvc.perform(get("/actuator/health/liveness")).andExpect(status().isOk());
        mvc.perform(get("/actuator/metrics/http.server.requests"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.measurements[0].value", greaterThan(0.0)));
    }

    @Test
    void aWellFormedRequestIdIsEchoed() throws Exception {
        mvc.perform(get("/api/credentials").header("X-Request-Id", "req-7.a:b"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Request-Id", "req-7.a:b"))
                .andExpect(header().string("X-Correlation-Id", matchesPattern("[0-9a-f-]{36}")));
    }

    @Test
    void aMissingOrMalformedRequestIdIsReplacedByAGeneratedOne() throws Exception {
        mvc.perform(get("/api/credentials"))
                .andExpect(header().string("X-Request-Id", matchesPattern("[0-9a-f-]{36}")));
        mvc.perform(get("/api/credentials").header("X-Request-Id", "bad id <script>"))
                .andExpect(header().string("X-Request-Id", not("bad id <script>")))
                .andExpect(header().string("X-Request-Id", matchesPattern("[0-9a-f-]{36}")));
    }

    @Test
    void everyProcessorLogsUnderTheCorrelationIdOfItsEvent() {
        assertThat(processing.eventProcessors().values()).isNotEmpty().allSatisfy(processor ->
                assertThat(interceptorsOf(processor)).hasAtLeastOneElementOfType(CorrelationIdLogging.class));
    }

    private static List<?> interceptorsOf(EventProcessor processor) {
        return processor.getHandlerInterceptors();
    }

    private String projectOneCredential() {
        String id = UUID.randomUUID().toString();
        CredentialCreated created = new CredentialCreated(id, "ops-" + id, "openai",
                new SecretEnvelope("dk", "n", "c"), "fp-" + id, "sk-…beef", 1);
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, "tester")
                .and(EventMetadata.CORRELATION_ID, "corr-" + id);
        transactions.executeWithoutResult(status -> eventStore.publish(
                new GenericDomainEventMessage<>("Credential", id, 0, created, metaData)));
        await().atMost(Duration.ofSeconds(30)).until(() -> queries.query(new FindCredential(id),
                ResponseTypes.optionalInstanceOf(CredentialDetail.class)).join().isPresent());
        return id;
    }
}
