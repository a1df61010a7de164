package io.credreg.query.console;

import io.credreg.api.EventMetadata;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** What the console needs from the query side: its files under a strict policy, who the token is, live changes. */
@QuerySideTest
class ConsoleTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    LiveFeed feed;
    @Autowired
    OpenStreams streams;

    @Test
    void servesTheConsoleUnderAContentSecurityPolicyWithoutInlineCode() throws Exception {
        mvc.perform(get("/console/"))
                .andExpect(status().isOk())
                .andExpect(forwardedUrl("/console/index.html"))
                .andExpect(header().string("Content-Security-Policy",
                        org.hamcrest.Matchers.allOf(
                                org.hamcrest.Matchers.containsString("script-src 'self';"),
                                org.hamcrest.Matchers.containsString("connect-src 'self' http://localhost:"),
                                org.hamcrest.Matchers.containsString("frame-ancestors 'none'"),
                                org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("unsafe")))));
        for (String script : java.util.List.of("app.js", "dom.js", "api.js", "live.js")) {
            mvc.perform(get("/console/" + script))
                    .andExpect(status().isOk())
                    .andExpect(header().exists("Content-Security-Policy"))
                    .andExpect(content().string(org.hamcrest.Matchers.not(
                            org.hamcrest.Matchers.containsString("innerHTML"))));
        }
    }

    @Test
    void saysWhoTheTokenIsAndWhereTheCommandSideIs() throws Exception {
        mvc.perform(get("/api/me"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("admin"))
                .andExpect(jsonPath("$.role").value("ADMIN"));
        mvc.perform(get("/api/console/config"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.commandUrl").value(org.hamcrest.Matchers.startsWith("http://localhost:")));
    }

    @Test
    void streamsEachChangeWithItsPositionAndResumesAfterTheLastSeen() throws Exception {
        MvcResult open = mvc.perform(get("/api/stream")).andExpect(request().asyncStarted()).andReturn();
        String first = UUID.randomUUID().toString();
        append(first);

        await().atMost(Duration.ofSeconds(10)).until(() -> open.getResponse().getContentAsString().contains(first));
        String stream = open.getResponse().getContentAsString();
        assertThat(stream).contains("event:change").contains("CredentialCreated").doesNotContain("sk-…1234");
        long firstPosition = lastId(stream);

        String second = UUID.randomUUID().toString();
        append(second);
        MvcResult resumed = mvc.perform(get("/api/stream").header("Last-Event-ID", Long.toString(firstPosition)))
                .andExpect(request().asyncStarted()).andReturn();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> resumed.getResponse().getContentAsString().contains(second));
        assertThat(resumed.getResponse().getContentAsString()).doesNotContain(first);

        MvcResult tooOld = mvc.perform(get("/api/stream").header("Last-Event-ID", "-5"))
                .andExpect(request().asyncStarted()).andReturn();
        assertThat(tooOld.getResponse().getContentAsString()).contains("event:reload");
    }

    @Test
    void aClientThatHasSeenNoChangeYetStillGetsAPositionToResumeFrom() throws Exception {
        MvcResult open = mvc.perform(get("/api/stream")).andExpect(request().asyncStarted()).andReturn();
        String greeting = open.getResponse().getContentAsString();
        assertThat(greeting).contains(":connected").containsPattern("(?m)^id:-?[0-9]+$");
        long upTo = lastId(greeting);

        // the page lost its stream before any change came; one happens meanwhile; it reconnects with that id
        String meanwhile = UUID.randomUUID().toString();
        append(meanwhile);
        MvcResult resumed = mvc.perform(get("/api/stream").header("Last-Event-ID", Long.toString(upTo)))
                .andExpect(request().asyncStarted()).andReturn();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> resumed.getResponse().getContentAsString().contains(meanwhile));
    }

    /**
     * A stopping node ends its open streams before its web server waits for the requests in progress: a stream lasts
     * up to 30 minutes, and would otherwise hold the graceful shutdown for its whole phase.
     */
    @Test
    void aStoppingNodeEndsItsOpenStreams() throws Exception {
        MvcResult open = mvc.perform(get("/api/stream")).andExpect(request().asyncStarted()).andReturn();
        assertThatThrownBy(() -> open.getAsyncResult(200)).as("a stream stays open while the node runs")
                .isInstanceOf(IllegalStateException.class);
        try {
            streams.stop();
            open.getAsyncResult(5_000);
            MvcResult late = mvc.perform(get("/api/stream")).andExpect(request().asyncStarted()).andReturn();
            late.getAsyncResult(5_000);
            assertThat(late.getResponse().getContentAsString()).as("one opened meanwhile is ended at once")
                    .contains(":connected");
        } finally {
            streams.start();
        }
    }

    private static long lastId(String stream) {
        long id = -1;
        for (String line : stream.split("\n")) {
            if (line.startsWith("id:")) {
                id = Long.parseLong(line.substring(3).trim());
            }
        }
        return id;
    }

    private void append(String id) {
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, "alice").and(EventMetadata.CORRELATION_ID, id);
        transactions.executeWithoutResult(status -> eventStore.publish(new GenericDomainEventMessage<>(
                "Credential", id, 0, new CredentialCreated(id, "live " + id, "openai", new SecretEnvelope("dk", "n", "c"), "fp-" + id,
                        "sk-…1234", 1), metaData)));
    }
}
