package io.credreg.command.dispatch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import io.credreg.command.rule.RuleViolation;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Marker;
import org.slf4j.helpers.MessageFormatter;

/**
 * Axon's repository and command bus log every failed command at WARN with its stack trace, including the refusals the
 * registry expects and answers precisely (a duplicate secret's 409, a deleted credential's 410, an unknown one's 404,
 * a race that is retried). Such a line is turned into one line at DEBUG without a stack; an unexpected failure keeps
 * its level and its stack. Registered in logback-spring.xml, so it sees Axon's lines before any appender does.
 */
public class ExpectedRefusalLogFilter extends TurboFilter {

    private static final String AXON = "org.axonframework";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level == null || !level.isGreaterOrEqual(Level.INFO) || !logger.getName().startsWith(AXON)) {
            return FilterReply.NEUTRAL;
        }
        Throwable failure = t != null ? t : lastThrowable(params);
        if (failure == null || !isExpected(failure)) {
            return FilterReply.NEUTRAL;
        }
        if (logger.isDebugEnabled()) {
            logger.debug("{} (expected refusal: {})",
                    MessageFormatter.basicArrayFormat(format, params), failure.toString());
        }
        return FilterReply.DENY;
    }

    /** A refusal the registry answers with its own problem, or a lost race it retries or answers with a 409. */
    static boolean isExpected(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RuleViolation || cause instanceof AggregateNotFoundException) {
                return true;
            }
        }
        return LostRace.causedBy(failure);
    }

    private static Throwable lastThrowable(Object[] params) {
        return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable last
                ? last : null;
    }
}
