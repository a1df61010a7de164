package io.credreg.platform.web;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Errors raised before any controller runs (the container forwards them to /error) are problems too. */
class ProblemErrorControllerTest {

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ProblemErrorController()).build();

    @Test
    void containerRefusalBecomesInvalidRequest() throws Exception {
        mvc.perform(get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, 400)
                        .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalArgumentException("secret path")))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/invalid-request"))
                .andExpect(jsonPath("$.title").value("Invalid request"))
                .andExpect(jsonPath("$.detail").value("the request was refused: Bad Request"))
                .andExpect(content().string(not(containsString("secret path"))));
    }

    @Test
    void unknownFailureBecomesInternalError() throws Exception {
        mvc.perform(get("/error"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.type").value("https://credential-registry.dev/problems/internal-error"));
    }
}
