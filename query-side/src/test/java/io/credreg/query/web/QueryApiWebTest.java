package io.credreg.query.web;

import io.credreg.query.console.LiveFeed;
import io.credreg.query.console.OpenStreams;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialDetail;
import io.credreg.api.credential.CredentialStatus;
import io.credreg.api.credential.CredentialSummary;
import io.credreg.api.credential.DeletionImpact;
import io.credreg.api.credential.FindCredential;
import io.credreg.api.credential.FindCredentialHistory;
import io.credreg.api.credential.FindCredentials;
import io.credreg.api.credential.FindDeletionImpact;
import io.credreg.api.credential.HistoryEntry;
import io.credreg.api.instance.InstanceSetting;
import io.credreg.query.admin.ProcessorAdministration;
import io.credreg.query.audit.AuditLog;
import io.credreg.query.instance.InstanceSettings;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import io.credreg.query.auditchain.AuditCheckpoints;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;

/** The REST contract of the query side: shapes, status codes and problem details. */
// The contract of shapes and statuses; who may ask is SecurityRulesTest's business, so no security filters here.
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest
class QueryApiWebTest {

    private static final String ID = "0b6f3c1e-1d2a-4c1b-9f3a-2a7c5e9d4b10";
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
    private static final String PROBLEMS = "https://credential-registry.dev/problems/";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    QueryGateway queries;
    /** The admin controller is part of the slice; its service is not. */
    @MockitoBean
    ProcessorAdministration processors;
    /** The audit controller is part of the slice too; its export reads the database directly. */
    @MockitoBean
    AuditLog auditLog;
    /** The console's event stream follows the event store, which this slice has not. */
    @MockitoBean
    LiveFeed liveFeed;
    @MockitoBean
    OpenStreams openStreams;
    /** The audit checkpoints controller is part of the slice; signing reads the database. */
    @MockitoBean
    AuditCheckpoints checkpoints;
    /** The instance controller reads its table directly, not through the query bus. */
    @MockitoBean
    InstanceSettings instanceSettings;

    @Test
    void pagesSortsAndCountsTheCredentialListOnTheServer() throws Exception {
        answer(io.credreg.api.credential.FindCredentialPage.class,
                new io.credreg.api.credential.CredentialPage(List.of(summary()), 41));

        mvc.perform(get("/api/credentials").param("page", "2").param("size", "20").param("sort", "-name")
                        .param("provider", "openai"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Total-Count", "41"))
                .andExpect(jsonPath("$[0].id").value(ID));

        org.mockito.Mockito.verify(queries).query(
                org.mockito.ArgumentMatchers.eq(new io.credreg.api.credential.FindCredentialPage(
                        new FindCredentials("openai", null, null), 2, 20, "name", true)),
                any(ResponseType.class));
    }

    @Test
    void refusesAPageSizeOrSortTheListDoesNotOffer() throws Exception {
        mvc.perform(get("/api/credentials").param("size", "501"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("size must be between 1 and 500")));
        mvc.perform(get("/api/credentials").param("sort", "secret"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("sort must be one of")));
    }

    @Test
    void theUnpagedListSaysHowManyItHas() throws Exception {
        answer(FindCredentials.class, List.of(summary(), summary()));

        mvc.perform(get("/api/credentials"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Total-Count", "2"));
    }

    @Test
    void listsCredentialsWithTheContractFields() throws Exception {
        answer(FindCredentials.class, List.of(summary()));

        mvc.perform(get("/api/credentials").param("provider", "openai").param("status", "active")
                        .param("name", "main"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$[0].id").value(ID))
                .andExpect(jsonPath("$[0].name").value("Main"))
                .andExpect(jsonPath("$[0].provider").value("openai"))
                .andExpect(jsonPath("$[0].status").value("active"))
                .andExpect(jsonPath("$[0].secretHint").value("sk-…9f3a"))
                .andExpect(jsonPath("$[0].bindingCount").value(2))
                .andExpect(jsonPath("$[0].createdAt").value("2026-03-01T12:00:00Z"))
                .andExpect(jsonPath("$[0].updatedAt").value("2026-03-01T12:00:00Z"));
        verify(queries).query(eq(new FindCredentials("openai", CredentialStatus.ACTIVE, "main")),
                any(ResponseType.class));
    }

    @Test
    void emptyFiltersMeanAny() throws Exception {
        answer(FindCredentials.class, List.of());

        mvc.perform(get("/api/credentials?provider=&status=&name=")).andExpect(status().isOk());

        verify(queries).query(eq(new FindCredentials(null, null, null)), any(ResponseType.class));
    }

    @Test
    void unknownStatusIsRefused() throws Exception {
        expectProblem(mvc.perform(get("/api/credentials").param("status", "archived")), 400, "invalid-request")
                .andExpect(jsonPath("$.detail").value(containsString("'status' must be 'active' or 'deleted'")));
        verifyNoInteractions(queries);
    }

    @Test
    void malformedProviderAndOverlongNameAreRefused() throws Exception {
        expectProblem(mvc.perform(get("/api/credentials").param("provider", "OpenAI")), 400, "invalid-request")
                .andExpect(jsonPath("$.detail").value(containsString("'provider'")));
        expectProblem(mvc.perform(get("/api/credentials").param("name", "x".repeat(201))), 400, "invalid-request")
                .andExpect(jsonPath("$.detail").value(containsString("'name'")));
    }

    @Test
    void showsCredentialWithBindings() throws Exception {
        answer(FindCredential.class, Optional.of(detail()));

        mvc.perform(get("/api/credentials/{id}", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.id").value(ID))
                .andExpect(jsonPath("$.status").value("deleted"))
                .andExpect(jsonPath("$.bindings[0].instanceId").value("acme-1"))
                .andExpect(jsonPath("$.bindings[0].settingKey").value("openai.default"))
                .andExpect(jsonPath("$.bindings[0].boundAt").value("2026-03-01T12:00:00Z"))
                .andExpect(jsonPath("$.version").value(4))
                .andExpect(header().string("ETag", "\"4\""))
                .andExpect(jsonPath("$.secret").doesNotExist());
    }

    @Test
    void aDetailStillCurrentForTheCallersIfNoneMatchIsNotSentAgain() throws Exception {
        answer(FindCredential.class, Optional.of(detail()));

        mvc.perform(get("/api/credentials/{id}", ID).header("If-None-Match", "\"4\""))
                .andExpect(status().isNotModified());
    }

    @Test
    void unknownCredentialIsNotFound() throws Exception {
        answer(FindCredential.class, Optional.empty());

        expectProblem(mvc.perform(get("/api/credentials/{id}", ID)), 404, "not-found")
                .andExpect(jsonPath("$.detail").value("No credential with id '" + ID + "' is known."));
    }

    @Test
    void malformedCredentialIdIsRefused() throws Exception {
        expectProblem(mvc.perform(get("/api/credentials/{id}", "not_an_id")), 400, "invalid-request")
                .andExpect(jsonPath("$.detail").value("'id' must be a credential id: 1 to 64 letters, digits or -"));
        expectProblem(mvc.perform(get("/api/credentials/{id}/history", "x".repeat(65))), 400, "invalid-request");
        expectProblem(mvc.perform(get("/api/credentials/{id}/deletion-impact", "1 OR 1=1")), 400,
                "invalid-request");
        verifyNoInteractions(queries);
    }

    @Test
    void deletionImpactListsSettings() throws Exception {
        answer(FindDeletionImpact.class,
                Optional.of(new DeletionImpact(ID, List.of(new SettingRef("acme-1", "openai.default")), 7L)));

        mvc.perform(get("/api/credentials/{id}/deletion-impact", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.credentialId").value(ID))
                .andExpect(jsonPath("$.settings[0].instanceId").value("acme-1"))
                .andExpect(jsonPath("$.settings[0].settingKey").value("openai.default"))
                .andExpect(jsonPath("$.version").value(7))
                .andExpect(header().string("ETag", "\"7\""));
    }

    @Test
    void deletionImpactOfUnknownCredentialIsNotFound() throws Exception {
        answer(FindDeletionImpact.class, Optional.empty());

        expectProblem(mvc.perform(get("/api/credentials/{id}/deletion-impact", ID)), 404, "not-found");
    }

    @Test
    void historyListsEntries() throws Exception {
        answer(FindCredentialHistory.class, List.of(new HistoryEntry(42, "SettingUnbound", AT, "alice",
                "CREDENTIAL_DELETED", "acme-1", "openai.default", null, "corr-1", "cause-1")));

        mvc.perform(get("/api/credentials/{id}/history", ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].sequence").value(42))
                .andExpect(jsonPath("$[0].type").value("SettingUnbound"))
                .andExpect(jsonPath("$[0].occurredAt").value("2026-03-01T12:00:00Z"))
                .andExpect(jsonPath("$[0].actor").value("alice"))
                .andExpect(jsonPath("$[0].reason").value("CREDENTIAL_DELETED"))
                .andExpect(jsonPath("$[0].instanceId").value("acme-1"))
                .andExpect(jsonPath("$[0].settingKey").value("openai.default"))
                .andExpect(jsonPath("$[0].correlationId").value("corr-1"))
                .andExpect(jsonPath("$[0].causationId").value("cause-1"));
    }

    @Test
    void historyOfUnknownCredentialIsNotFound() throws Exception {
        answer(FindCredentialHistory.class, List.of());

        expectProblem(mvc.perform(get("/api/credentials/{id}/history", ID)), 404, "not-found");
    }

    @Test
    void instanceSettingsNameTheirCredentials() throws Exception {
        given(instanceSettings.of("acme-1"))
                .willReturn(List.of(new InstanceSetting("openai.default", ID, "Main", "openai", AT)));

        mvc.perform(get("/api/instances/{instanceId}/settings", "acme-1"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].settingKey").value("openai.default"))
                .andExpect(jsonPath("$[0].credentialId").value(ID))
                .andExpect(jsonPath("$[0].credentialName").value("Main"))
                .andExpect(jsonPath("$[0].provider").value("openai"))
                .andExpect(jsonPath("$[0].boundAt").value("2026-03-01T12:00:00Z"));
    }

    @Test
    void malformedInstanceIdIsRefused() throws Exception {
        expectProblem(mvc.perform(get("/api/instances/{instanceId}/settings", "-starts-with-dash")), 400,
                "invalid-request")
                .andExpect(jsonPath("$.detail").value(containsString("'instanceId' must be 1 to 128")));
        expectProblem(mvc.perform(get("/api/instances/{instanceId}/settings", "a".repeat(129))), 400,
                "invalid-request");
        verifyNoInteractions(instanceSettings);
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        expectProblem(mvc.perform(get("/api/nothing-here")), 404, "not-found");
    }

    @Test
    void wrongMethodIsNotAllowed() throws Exception {
        expectProblem(mvc.perform(post("/api/credentials")), 405, "method-not-allowed");
        expectProblem(mvc.perform(delete("/api/credentials/{id}", ID)), 405, "method-not-allowed");
    }

    @Test
    void unacceptableMediaTypeIsRefused() throws Exception {
        expectProblem(mvc.perform(get("/api/credentials").accept(MediaType.APPLICATION_XML)), 406,
                "not-acceptable");
    }

    @Test
    void unreadableAcceptHeaderStillGetsAProblem() throws Exception {
        expectProblem(mvc.perform(get("/api/credentials").header("Accept", "???")), 406, "not-acceptable");
    }

    @Test
    void unexpectedFailureRevealsNothing() throws Exception {
        given(queries.query(any(FindCredentials.class), any(ResponseType.class)))
                .willReturn(CompletableFuture.failedFuture(
                        new IllegalStateException("SQL: select secret from qr_credential")));

        expectProblem(mvc.perform(get("/api/credentials")), 500, "internal-error")
                .andExpect(content().string(not(containsString("SQL"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))))
                .andExpect(content().string(not(containsString("at io.credreg"))));
    }

    @Test
    void noCheckpointIsSignedOverABrokenChain() throws Exception {
        given(checkpoints.checkpoint()).willThrow(new AuditCheckpoints.ChainBrokenException(17, "event-altered"));

        expectProblem(mvc.perform(post("/api/audit/checkpoints")), 409, "audit-chain-broken")
                .andExpect(jsonPath("$.detail").value(containsString("position 17")));
    }

    @Test
    void checkpointsAreListedNewestFirstWithinALimit() throws Exception {
        given(checkpoints.list(2)).willReturn(List.of(
                new io.credreg.api.auditchain.AuditCheckpoint(9, 120, "ab".repeat(32), "2026-12-06T23:00:00Z",
                        "Ed25519", "key", "sig")));

        mvc.perform(get("/api/audit/checkpoints").param("limit", "2"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].chainPosition").value(9))
                .andExpect(jsonPath("$[0].sequence").value(120));
        expectProblem(mvc.perform(get("/api/audit/checkpoints").param("limit", "501")), 400, "invalid-request");
        expectProblem(mvc.perform(get("/api/audit/checkpoints").param("limit", "-1")), 400, "invalid-request");
    }

    private ResultActions expectProblem(ResultActions result, int status, String type) throws Exception {
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + type))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.title").isNotEmpty())
                .andExpect(jsonPath("$.detail").isNotEmpty());
    }

    @SuppressWarnings("unchecked")
    private <Q> void answer(Class<Q> queryType, Object answer) {
        given(queries.query(any(queryType), any(ResponseType.class)))
                .willReturn(CompletableFuture.completedFuture(answer));
    }

    private static CredentialSummary summary() {
        return new CredentialSummary(ID, "Main", "openai", "active", "sk-…9f3a", 1, 2, AT, AT);
    }

    private static CredentialDetail detail() {
        return new CredentialDetail(ID, "Main", "openai", "deleted", "sk-…9f3a", 1, 1, AT, AT, 4L,
                List.of(new CredentialDetail.Binding("acme-1", "openai.default", AT)));
    }
}
