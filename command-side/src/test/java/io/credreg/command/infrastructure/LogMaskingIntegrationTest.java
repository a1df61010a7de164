package io.credreg.command.infrastructure;

import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** Every log line of the running application is masked: logback-spring.xml puts the masking layout in place. */
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingIntegrationTest extends CommandSideIntegrationTest {

    private static final Logger log = LoggerFactory.getLogger(LogMaskingIntegrationTest.class);

    @Test
    void secretsAndBearerTokensNeverReachTheLog(CapturedOutput output) {
        String secret = "sk-proj-" + unique("leak").replace("-", "");
        String token = "tok_" + unique("bearer");
        log.warn("a careless line with {} and Authorization: Bearer {}", secret, token);
        log.error("a careless failure", new IllegalStateException("could not use secret=" + secret));

        assertThat(output.getAll()).contains("a careless line with sk-****").contains("Bearer ****")
                .contains("secret=****")
                .doesNotContain(secret).doesNotContain(token);
    }
}
