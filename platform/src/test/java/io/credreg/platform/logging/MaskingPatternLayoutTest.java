package io.credreg.platform.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout masks everything it formats, the stack trace included, and takes extra patterns. */
class MaskingPatternLayoutTest {

    @Test
    void theLayoutMasksWhatItFormatsAndTakesExtraPatterns() {
        MaskingPatternLayout layout = new MaskingPatternLayout();
        layout.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        layout.setPattern("%level %msg%n%ex");
        layout.setExtraPatterns("acme_[a-z0-9]{8,}");
        layout.start();
        LoggingEvent event = new LoggingEvent(getClass().getName(),
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(getClass()), Level.INFO,
                "token acme_abcdefgh123 key sk-abcdefghijkl1234", new RuntimeException("Bearer xyz.abc"), null);

        String line = layout.doLayout(event);

        assertThat(line).startsWith("INFO token **** key sk-****").doesNotContain("xyz.abc")
                .contains("RuntimeException: Bearer ****");
    }
}
