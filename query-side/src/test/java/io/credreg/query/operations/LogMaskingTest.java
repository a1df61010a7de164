package io.credreg.query.operations;

import io.credreg.query.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every log line of the query side is masked: logback-spring.xml puts the masking layout in place. */
@QuerySideTest
@ExtendWith(OutputCaptureExtension.class)
class LogMaskingTest {

    private static final Logger log = LoggerFactory.getLogger(LogMaskingTest.class);

    @Test
    void secretsAndBearerTokensNeverReachTheLog(CapturedOutput output) {
        String secret = "sk-" + UUID.randomUUID().toString().replace("-", "");
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ" + UUID.randomUUID().toString().replace("-", "") + ".sig12345";
        String requestId = UUID.randomUUID().toString();
        log.warn("request {} carried {} and Authorization: Bearer {}", requestId, secret, jwt);

        assertThat(output.getAll()).contains("request " + requestId + " carried sk-****")
                .contains("Bearer ****").doesNotContain(secret).doesNotContain(jwt.substring(0, 40));
    }
}
