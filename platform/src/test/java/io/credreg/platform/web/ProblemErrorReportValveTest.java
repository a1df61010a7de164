package io.credreg.platform.web;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemErrorReportValveTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void containerRefusalIsAProblemOfItsOwnRule() {
        JsonNode problem = json.readTree(ProblemErrorReportValve.problemJson(HttpStatusCode.valueOf(400)));

        assertThat(problem.get("type").asString())
                .isEqualTo("https://credential-registry.dev/problems/invalid-request");
        assertThat(problem.get("status").asInt()).isEqualTo(400);
        assertThat(problem.get("detail").asString()).isEqualTo("the request was refused: Bad Request");
    }

    @Test
    void oversizedRequestAndServerFailureKeepTheirRules() {
        assertThat(json.readTree(ProblemErrorReportValve.problemJson(HttpStatusCode.valueOf(413)))
                .get("type").asString()).endsWith("/payload-too-large");
        assertThat(json.readTree(ProblemErrorReportValve.problemJson(HttpStatusCode.valueOf(500)))
                .get("type").asString()).endsWith("/internal-error");
    }
}
