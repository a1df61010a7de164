package io.credreg.query.web;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Errors raised before any controller runs (the container forwards them to /error) are problems too. */
// The contract of shapes and statuses; who may ask is SecurityRulesTest's business, so no security filters here.
@AutoConfigureMockMvc(addFilters = false)
@WebMvcTest(ProblemErrorController.class)
class ProblemErrorControllerTest {

    @Autowired
    MockMvc mvc;

    @Test
    void containerRefusalBecomesInvalidRequest() throws Exception {
        mvc.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
                        .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalArgumentException("secret path")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/invalid-request"))
                .andExpect(content().string(not(containsString("secret path"))));
    }

    @Test
    void unknownFailureBecomesInternalError() throws Exception {
        mvc.perform(get("/error"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/internal-error"));
    }
}
