package io.credreg.command.web;

import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests no handler can make sense of (a health path that does not exist, a query string that is not UTF-8) get a
 * problem and at most one log line, never a 500 with a stack trace; with a token or without.
 */
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestIntegrationTest extends CommandSideIntegrationTest {

    @ParameterizedTest
    @CsvSource({
            "/actuator/health/a/b, 401, 404",
            "/actuator/health/a, 401, 404",
            "/actuator/health?x=%FF, 400, 400",
            "/actuator/health/liveness?x=%FF, 400, 400",
            "/api/credentials?x=%FF, 400, 400",
            "/api/credentials?name=%C3%28, 400, 400",
            "/api/tokens?x=%FF%FE, 400, 400",
            "/nowhere?x=%FF, 400, 400"})
    void aMalformedRequestIsAProblemNotA500(String path, int withoutToken, int asAdmin, CapturedOutput output) {
        send("GET", "/actuator/health", null, null); // the servlet's first-request initialisation logs too
        int logged = output.getAll().split("\n").length;

        Reply anonymous = send("GET", path, null, null, "Authorization", null);
        Reply admin = send("GET", path, null, null);

        assertThat(anonymous.status()).as("%s: %s", path, anonymous).isEqualTo(withoutToken);
        assertThat(anonymous.contentType()).as("%s: %s", path, anonymous).startsWith(PROBLEM_JSON);
        assertThat(admin.status()).as("%s: %s", path, admin).isEqualTo(asAdmin);
        assertThat(admin.contentType()).as("%s: %s", path, admin).startsWith(PROBLEM_JSON);
        String[] lines = output.getAll().split("\n");
        assertThat(lines.length - logged).as("lines logged for two requests: %s", String.join("\n",
                java.util.Arrays.copyOfRange(lines, logged, lines.length))).isLessThanOrEqualTo(2);
    }
}
