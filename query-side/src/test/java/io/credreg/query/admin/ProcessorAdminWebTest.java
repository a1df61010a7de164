package io.credreg.query.admin;

import io.credreg.query.web.ConflictException;
import io.credreg.query.web.NotFoundException;
import io.credreg.platform.web.ProblemType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;

import static org.hamcrest.Matchers.nullValue;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The processor administration contract: the listing's shape, 202 for a replay, 404 and 409 as problems. */
// The contract of shapes and statuses; who may ask is SecurityRulesTest's business, so no security filters here.
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(ProcessorAdminController.class)
class ProcessorAdminWebTest {

    private static final String PROBLEMS = "https://credential-registry.dev/problems/";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    ProcessorAdministration administration;

    @Test
    void listsEveryProcessorWithTheContractFields() throws Exception {
        given(administration.processors()).willReturn(List.of(
                new ProcessorView("credential-history", "running", false, 120L, 0L, List.of(0, 1), null, null),
                new ProcessorView("credentials", "replaying", true, 40L, 80L, List.of(0, 1),
                        new ReplayProgress(2_000, 33.3, 4L), null)));

        mvc.perform(get("/api/admin/processors"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].name").value("credential-history"))
                .andExpect(jsonPath("$[0].status").value("running"))
                .andExpect(jsonPath("$[0].replaying").value(false))
                .andExpect(jsonPath("$[0].position").value(120))
                .andExpect(jsonPath("$[0].lag").value(0))
                .andExpect(jsonPath("$[0].segments[1]").value(1))
                .andExpect(jsonPath("$[0].progress").value(nullValue()))
                .andExpect(jsonPath("$[1].status").value("replaying"))
                .andExpect(jsonPath("$[1].replaying").value(true))
                .andExpect(jsonPath("$[1].progress.eventsPerSecond").value(2000))
                .andExpect(jsonPath("$[1].progress.percent").value(33.3))
                .andExpect(jsonPath("$[1].progress.estimatedSecondsLeft").value(4));
    }

    @Test
    void acceptsAReplay() throws Exception {
        given(administration.replay("credentials")).willReturn(
                new ProcessorView("credentials", "replaying", true, null, null, List.of(), null, null));

        mvc.perform(post("/api/admin/processors/credentials/replay"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.name").value("credentials"))
                .andExpect(jsonPath("$.replaying").value(true));
    }

    @Test
    void anUnknownProcessorIsAProblem404() throws Exception {
        given(administration.replay("nope")).willThrow(new NotFoundException("No event processor named 'nope'."));

        mvc.perform(post("/api/admin/processors/nope/replay"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "not-found"))
                .andExpect(jsonPath("$.detail").value("No event processor named 'nope'."));
    }

    @Test
    void aSecondReplayIsAProblem409() throws Exception {
        given(administration.replay("credentials")).willThrow(
                new ConflictException(ProblemType.REPLAY_IN_PROGRESS, "Processor 'credentials' is replaying."));

        mvc.perform(post("/api/admin/processors/credentials/replay"))
                .andExpect(status().isConflict())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(PROBLEMS + "replay-in-progress"))
                .andExpect(jsonPath("$.status").value(409))
                .andExpect(jsonPath("$.detail").value("Processor 'credentials' is replaying."));
    }

    @Test
    void aReplayTakesAPace() throws Exception {
        given(administration.replay("credentials", 500)).willReturn(
                new ProcessorView("credentials", "replaying", true, null, null, List.of(), null, null));

        mvc.perform(post("/api/admin/processors/credentials/replay").param("maxEventsPerSecond", "500"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.replaying").value(true));
    }

    @Test
    void aPaceOutOfRangeIsAProblem400AndStartsNothing() throws Exception {
        for (String pace : List.of("99", "1000001", "fast", "-5", "1.5")) {
            mvc.perform(post("/api/admin/processors/credentials/replay").param("maxEventsPerSecond", pace))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.type").value(PROBLEMS + "invalid-request"))
                    .andExpect(jsonPath("$.detail").value(
                            "'maxEventsPerSecond' must be a whole number from 100 to 1000000"));
        }
        org.mockito.Mockito.verifyNoInteractions(administration);
    }
}
