package io.credreg.platform.logging;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Spring Boot's log pattern, with every formatted line (message, MDC, stack trace) passed through {@link SecretMask}
 * before it is written, so that nothing that looks like a secret or a bearer token reaches a log. Configured in
 * {@code logback-spring.xml}; extra patterns come from {@code registry.logging.mask-patterns}.
 */
public class MaskingPatternLayout extends PatternLayout {

    private SecretMask mask = new SecretMask();

    /** Extra regular expressions, separated by {@code ;;} (Logback calls this from the configuration). */
    public void setExtraPatterns(String extraPatterns) {
        this.mask = new SecretMask(extraPatterns);
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return mask.mask(super.doLayout(event));
    }
}
