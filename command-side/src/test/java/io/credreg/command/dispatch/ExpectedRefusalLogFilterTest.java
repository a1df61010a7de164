package io.credreg.command.dispatch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.credreg.command.credential.CredentialDeletedException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpectedRefusalLogFilterTest {

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final Logger repository = context.getLogger("org.axonframework.modelling.command.AbstractRepository");

    @BeforeEach
    void setUp() {
        ExpectedRefusalLogFilter filter = new ExpectedRefusalLogFilter();
        filter.start();
        context.addTurboFilter(filter);
        lines.setContext(context);
        lines.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(lines);
        root.setLevel(Level.DEBUG);
    }

    @Test
    void anExpectedRefusalBecomesOneDebugLineWithoutItsStack() {
        repository.warn("Exception occurred while trying to load/create aggregate with identifier [{}].", "c-1",
                new RuntimeException("wrapped", new CredentialDeletedException("c-1")));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
            assertThat(line.getThrowableProxy()).isNull();
            assertThat(line.getFormattedMessage()).contains("identifier [c-1]")
                    .contains("expected refusal: java.lang.RuntimeException: wrapped");
        });
    }

    @Test
    void aLostRaceIsExpectedToo() {
        repository.warn("Exception occurred while trying to create an aggregate.", new ConcurrencyException("first"));

        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG);
    }

    @Test
    void anUnexpectedFailureKeepsItsLevelAndItsStack() {
        repository.warn("Exception occurred while trying to create an aggregate.", new IllegalStateException("disk"));

        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
        });
    }

    @Test
    void theRegistrysOwnLinesAreLeftAlone() {
        context.getLogger("io.credreg.command.web.ProblemHandler")
                .error("Unexpected failure", new CredentialDeletedException("c-1"));

        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.ERROR);
    }
}
