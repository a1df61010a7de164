package io.credreg.query.audit;

import io.credreg.api.EventMetadata;
import io.credreg.api.binding.SettingBound;
import io.credreg.api.binding.SettingUnbound;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /api/audit} and {@code /api/audit/correlations/{id}} over the real processors: every filter, the
 * cursor, every refusal, and both export formats read back.
 */
@QuerySideTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditApiTest {

    private static final String PROBLEMS = "https://credential-registry.dev/problems/";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Instant T = Instant.parse("2025-06-01T10:00:00Z");

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    /** Unique per run: the application context (and its database) is shared with other test classes. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String alice = "alice-" + run;
    private final String bob = "bob-" + run;
    private final String instance = "inst-" + run;
    private final String otherInstance = "other-" + run;
    private final String deletion = "del-" + run;
    private final String deletionEventId = UUID.randomUUID().toString();
    private final String a = UUID.randomUUID().toString();
    private final String b = UUID.randomUUID().toString();
    /** A name that needs quoting in CSV. */
    private final String aName = "support-bot, \"main\" " + run;

    @BeforeAll
    void appendTheStory() throws Exception {
        append(a, 0, alice, "c1-" + run, null, T, new CredentialCreated(a, aName, "openai",
                new SecretEnvelope("dk", "n", "c"), "fp-" + a, "sk-…0001", 1));
        append(a, 1, alice, "c2-" + run, null, T.plusSeconds(10),
                new SettingBound(a, instance, "openai.default", "openai", null));
        append(a, 2, alice, "c3-" + run, null, T.plusSeconds(20),
                new SettingBound(a, otherInstance, "openai.default", "openai", null));
        append(b, 0, bob, "c4-" + run, null, T.plusSeconds(30), new CredentialCreated(b, "flow " + run, "dify",
                new SecretEnvelope("dk", "n", "c"), "fp-" + b, "dk-…0002", 1));
        append(b, 1, bob, "c5-" + run, null, T.plusSeconds(40),
                new SettingBound(b, instance, "dify.default", "dify", null));
        append(a, 3, bob, "c6-" + run, null, T.plusSeconds(50), new CredentialSecretRotated(a,
                new SecretEnvelope("dk2", "n", "c"), "fp2-" + a, "sk-…0003", 2, "dk"));
        // A deletion and its cascade: one request, each unbind caused by the deletion event.
        transactions.executeWithoutResult(status -> eventStore.publish(List.of(
                message(a, 4, alice, deletion, "command-" + run, T.plusSeconds(60), deletionEventId,
                        new CredentialDeleted(a, aName, "openai", "fp2-" + a, "dk2", 2)),
                message(a, 5, alice, deletion, deletionEventId, T.plusSeconds(60), UUID.randomUUID().toString(),
                        new SettingUnbound(a, instance, "openai.default", UnbindReason.CREDENTIAL_DELETED)),
                message(a, 6, alice, deletion, deletionEventId, T.plusSeconds(60), UUID.randomUUID().toString(),
                        new SettingUnbound(a, otherInstance, "openai.default", UnbindReason.CREDENTIAL_DELETED)))));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                page("credentialId", a).size() == 7 && page("credentialId", b).size() == 2);
    }

    @Test
    void aCredentialsHistoryInSequenceOrderWithSummaries() throws Exception {
        List<JsonNode> items = page("credentialId", a);

        assertThat(items).extracting(item -> item.get("type").asString()).containsExactly("CredentialCreated",
                "SettingBound", "SettingBound", "CredentialSecretRotated", "CredentialDeleted", "SettingUnbound",
                "SettingUnbound");
        assertThat(items).extracting(item -> item.get("sequence").asLong()).isSorted().doesNotHaveDuplicates();
        JsonNode rotated = items.get(3);
        assertThat(rotated.get("secretVersion").asInt()).isEqualTo(2);
        assertThat(rotated.get("actor").asString()).isEqualTo(bob);
        assertThat(rotated.get("summary").asString())
                .isEqualTo("openai key '" + aName + "' rotated to secret version 2 by " + bob);
        JsonNode unbound = items.get(5);
        assertThat(unbound.get("summary").asString()).isEqualTo("openai key '" + aName + "' unbound from instance "
                + instance + " setting openai.default because it was deleted by " + alice);
        assertThat(unbound.get("reason").asString()).isEqualTo("CREDENTIAL_DELETED");
        assertThat(unbound.get("credentialId").asString()).isEqualTo(a);
        assertThat(unbound.get("instanceId").asString()).isEqualTo(instance);
        assertThat(unbound.get("settingKey").asString()).isEqualTo("openai.default");
        assertThat(unbound.get("correlationId").asString()).isEqualTo(deletion);
        assertThat(unbound.get("causationId").asString()).isEqualTo(deletionEventId);
        assertThat(unbound.get("occurredAt").asString()).isEqualTo(T.plusSeconds(60).toString());
        assertThat(items.toString()).doesNotContain("sk-…", "fp-", "dk2");
    }

    @Test
    void anEntryNamesTheActingTokensIdAndRoleBesideItsName() throws Exception {
        String c = UUID.randomUUID().toString();
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, "admin").and(EventMetadata.CORRELATION_ID, "t-" + run)
                .and(EventMetadata.CAUSATION_ID, "t-" + run).and(EventMetadata.ACTOR_TOKEN_ID, "tok-" + run)
                .and(EventMetadata.ACTOR_ROLE, "INSTANCE");
        transactions.executeWithoutResult(status -> eventStore.publish(new GenericDomainEventMessage<>("Credential",
                c, 0, new CredentialCreated(c, "actor " + run, "openai", new SecretEnvelope("dk", "n", "c"),
                "fp-" + c, "sk-…0009", 1), metaData)));
        await().atMost(Duration.ofSeconds(30)).until(() -> page("credentialId", c).size() == 1);

        JsonNode entry = page("credentialId", c).get(0);

        assertThat(entry.get("actor").asString()).isEqualTo("admin");
        assertThat(entry.get("actorTokenId").asString()).isEqualTo("tok-" + run);
        assertThat(entry.get("actorRole").asString()).isEqualTo("INSTANCE");
    }

    @Test
    void filtersByInstance() throws Exception {
        assertThat(summaries(page("instanceId", instance))).containsExactly(
                "openai key '" + aName + "' bound to instance " + instance + " setting openai.default by " + alice,
                "dify key 'flow " + run + "' bound to instance " + instance + " setting dify.default by " + bob,
                "openai key '" + aName + "' unbound from instance " + instance
                        + " setting openai.default because it was deleted by " + alice);
    }

    @Test
    void filtersByActor() throws Exception {
        assertThat(page("actor", bob)).extracting(item -> item.get("type").asString())
                .containsExactly("CredentialCreated", "SettingBound", "CredentialSecretRotated");
    }

    @Test
    void filtersByTypeTogetherWithActor() throws Exception {
        assertThat(page("actor", alice, "type", "SettingBound")).extracting(item -> item.get("instanceId").asString())
                .containsExactly(instance, otherInstance);
    }

    @Test
    void filtersByCredentialAndInstanceTogether() throws Exception {
        assertThat(page("credentialId", a, "instanceId", otherInstance))
                .extracting(item -> item.get("type").asString()).containsExactly("SettingBound", "SettingUnbound");
    }

    @Test
    void aTimeRangeIncludesFromAndExcludesTo() throws Exception {
        List<JsonNode> items = page("credentialId", a, "from", T.plusSeconds(10).toString(),
                "to", T.plusSeconds(60).toString());

        assertThat(items).extracting(item -> item.get("occurredAt").asString()).containsExactly(
                T.plusSeconds(10).toString(), T.plusSeconds(20).toString(), T.plusSeconds(50).toString());
        // An offset is an instant too.
        assertThat(page("actor", bob, "from", "2025-06-01T12:00:40+02:00")).hasSize(2);
        assertThat(page("actor", bob, "to", T.toString())).isEmpty();
    }

    @Test
    void theCursorWalksTheWholeFilteredLogPageByPage() throws Exception {
        List<JsonNode> all = page("credentialId", a);
        List<JsonNode> walked = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            MockHttpServletRequestBuilder request = get("/api/audit").param("credentialId", a).param("limit", "3");
            if (cursor != null) {
                request.param("cursor", cursor);
            }
            JsonNode page = json(mvc.perform(request).andExpect(status().isOk()).andReturn());
            page.get("items").forEach(walked::add);
            pageSizes.add(page.get("items").size());
            cursor = page.get("next").isNull() ? null : page.get("next").asString();
        } while (cursor != null);

        assertThat(pageSizes).containsExactly(3, 3, 1);
        assertThat(walked).isEqualTo(all);
    }

    @Test
    void aCorrelationShowsADeletionWithEachOfItsUnbinds() throws Exception {
        JsonNode body = json(mvc.perform(get("/api/audit/correlations/" + deletion))
                .andExpect(status().isOk()).andReturn());

        List<JsonNode> items = new ArrayList<>();
        body.get("items").forEach(items::add);
        assertThat(items).extracting(item -> item.get("type").asString())
                .containsExactly("CredentialDeleted", "SettingUnbound", "SettingUnbound");
        assertThat(items.subList(1, 3)).extracting(item -> item.get("causationId").asString())
                .containsOnly(deletionEventId);
        assertThat(items.get(0).get("instanceId").isNull()).isTrue();
        assertThat(items.subList(1, 3)).extracting(item -> item.get("instanceId").asString())
                .containsExactly(instance, otherInstance);
    }

    @Test
    void anUnknownCorrelationIsNotFound() throws Exception {
        mvc.perform(get("/api/audit/correlations/never-" + run))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "not-found"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "limit|0|'limit' must be a whole number from 1 to 500",
            "limit|-3|'limit' must be a whole number from 1 to 500",
            "limit|501|'limit' must be a whole number from 1 to 500",
            "limit|ten|'limit' must be a whole number from 1 to 500",
            "cursor|not-a-cursor|'cursor' must be a 'next' value",
            "cursor|YTE6LTE|'cursor' must be a 'next' value",
            "from|yesterday|'from' must be an ISO-8601 instant",
            "to|2026-13-01T00:00:00Z|'to' must be an ISO-8601 instant",
            "type|CredentialStolen|'type' must be one of ApiTokenIssued",
            "format|xml|'format' must be json, ndjson or csv",
            "credentialId|no/such id|'credentialId' must be a credential id",
            "instanceId|-leading-dash|'instanceId' must be 1 to 128 letters",
            "actor|\"   \"|'actor' must be 1 to 255 characters",
    })
    void refusesABadParameterSayingWhichAndWhy(String parameter, String value, String detail) throws Exception {
        mvc.perform(get("/api/audit").param(parameter, value))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
                .andExpect(jsonPath("$.detail", containsString(detail)));
    }

    @Test
    void refusesATimeRangeThatEndsBeforeItStartsAndABadCorrelationId() throws Exception {
        mvc.perform(get("/api/audit").param("from", T.toString()).param("to", T.toString()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("'from' must be before 'to'")));
        mvc.perform(get("/api/audit/correlations/{id}", "bad id!"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
                .andExpect(jsonPath("$.detail", containsString("'correlationId' must be")));
    }

    @Test
    void aRefusedExportIsAProblemEvenWhenCsvWasAskedFor() throws Exception {
        mvc.perform(get("/api/audit").param("limit", "0").accept("text/csv"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void csvExportHasAHeaderAndReadsBackAsTheSameEntries() throws Exception {
        List<JsonNode> expected = page("credentialId", a);

        MvcResult byParameter = mvc.perform(get("/api/audit").param("credentialId", a).param("format", "csv"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv")).andReturn();
        MvcResult byAccept = mvc.perform(get("/api/audit").param("credentialId", a)
                        .header("Accept", "text/csv, application/json;q=0.5"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv")).andReturn();

        String csv = byParameter.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(csv).startsWith("sequence,type,occurredAt,actor,reason,credentialId,instanceId,settingKey,"
                + "secretVersion,correlationId,causationId,summary,actorTokenId,actorRole\n");
        assertThat(csv).contains("\"openai key 'support-bot, \"\"main\"\" " + run + "' created"); // RFC 4180
        assertThat(byAccept.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(csv);
        assertThat(readCsv(csv)).isEqualTo(expected.stream().map(AuditApiTest::asStrings).toList());
    }

    @Test
    void ndjsonExportIsOneEntryPerLineAndReadsBackAsTheSameEntries() throws Exception {
        List<JsonNode> expected = page("actor", alice);

        String byParameter = mvc.perform(get("/api/audit").param("actor", alice).param("format", "ndjson"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        String byAccept = mvc.perform(get("/api/audit").param("actor", alice).accept(MediaType.APPLICATION_NDJSON))
                .andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(byParameter).endsWith("\n").isEqualTo(byAccept);
        List<JsonNode> lines = byParameter.lines().map(JSON::readTree).toList();
        assertThat(lines).isEqualTo(expected).hasSize(6);
    }

    @Test
    void anExportOfNothingIsAHeaderOrNothing() throws Exception {
        String csv = mvc.perform(get("/api/audit").param("actor", "nobody-" + run).param("format", "csv"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        String ndjson = mvc.perform(get("/api/audit").param("actor", "nobody-" + run).param("format", "ndjson"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(csv).isEqualTo(String.join(",", AuditExportWriter.CSV_COLUMNS) + "\n");
        assertThat(ndjson).isEmpty();
    }

    @Test
    void anEntryAboveTheWatermarkIsNeitherShownNorExportedYet() throws Exception {
        String ghost = "ghost-" + run;
        jdbc.update("insert into qr_audit_entry (global_sequence, event_type, occurred_at, actor) "
                + "values (?, 'CredentialDeleted', ?, ?)", 900_000_000_000L, java.sql.Timestamp.from(T), ghost);
        try {
            assertThat(page("actor", ghost)).isEmpty();
            assertThat(mvc.perform(get("/api/audit").param("actor", ghost).param("format", "ndjson"))
                    .andReturn().getResponse().getContentAsString()).isEmpty();
        } finally {
            jdbc.update("delete from qr_audit_entry where actor = ?", ghost);
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private List<JsonNode> page(String... parameters) throws Exception {
        MockHttpServletRequestBuilder request = get("/api/audit").param("limit", "500");
        for (int i = 0; i < parameters.length; i += 2) {
            request.param(parameters[i], parameters[i + 1]);
        }
        JsonNode page = json(mvc.perform(request).andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)).andReturn());
        assertThat(page.get("next").isNull()).as("a single page holds this fixture").isTrue();
        List<JsonNode> items = new ArrayList<>();
        page.get("items").forEach(items::add);
        return items;
    }

    private static List<String> summaries(List<JsonNode> items) {
        return items.stream().map(item -> item.get("summary").asString()).toList();
    }

    private static JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    /** A JSON entry as CSV shows it: every field as text, null as empty. */
    private static Map<String, String> asStrings(JsonNode item) {
        Map<String, String> fields = new LinkedHashMap<>();
        item.properties().forEach(field -> fields.put(field.getKey(),
                field.getValue().isNull() ? "" : field.getValue().asString()));
        return fields;
    }

    private static List<Map<String, String>> readCsv(String csv) {
        CsvMapper mapper = CsvMapper.builder().build();
        try (MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(csv)) {
            return rows.readAll();
        }
    }

    private void append(String credentialId, long sequence, String actor, String correlationId, String causationId,
                        Instant at, Object payload) {
        transactions.executeWithoutResult(status -> eventStore.publish(message(credentialId, sequence, actor,
                correlationId, causationId == null ? "command-" + correlationId : causationId, at,
                UUID.randomUUID().toString(), payload)));
    }

    private static DomainEventMessage<?> message(String credentialId, long sequence, String actor,
                                                 String correlationId, String causationId, Instant at,
                                                 String eventId, Object payload) {
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, actor)
                .and(EventMetadata.CORRELATION_ID, correlationId)
                .and(EventMetadata.CAUSATION_ID, causationId);
        return new GenericDomainEventMessage<>("Credential", credentialId, sequence, payload, metaData, eventId, at);
    }
}
