package io.credreg.command.dispatch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refusals the registry expects leave one line at DEBUG in the running application's log, never a warning with a
 * stack trace (Axon's repository logs every failed command at WARN with its stack).
 */
class QuietRefusalsIntegrationTest extends CommandSideIntegrationTest {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Logger axon = (Logger) LoggerFactory.getLogger("org.axonframework");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Level axonLevel;

    @BeforeEach
    void captureTheLog() {
        axonLevel = axon.getLevel();
        axon.setLevel(Level.DEBUG);
        lines.start();
        root.addAppender(lines);
    }

    @AfterEach
    void releaseTheLog() {
        root.detachAppender(lines);
        axon.setLevel(axonLevel);
    }

    @Test
    void aDuplicateSecretADeletedCredentialAndAnUnknownOneLeaveNoWarningAndNoStack() {
        String secret = newSecret();
        String credentialId = createCredential("openai", secret);
        // The 410 is refused inside the handler, where Axon logs nothing; the other two pass its repository's warning.

        assertThat(create(unique("again"), "openai", secret).status()).isEqualTo(409);
        assertThat(deleteCredential(credentialId).status()).isBetween(200, 299);
        assertThat(deleteCredential(credentialId).status()).isEqualTo(410);
        assertThat(deleteCredential("no-such-" + unique("c")).status()).isEqualTo(404);

        // Micrometer's one-time note about a gauge the first command registers is no refusal, so only the registry's
        // and Axon's lines count.
        assertThat(lines.list).filteredOn(line -> line.getLevel().isGreaterOrEqual(Level.WARN))
                .filteredOn(line -> line.getLoggerName().startsWith("org.axonframework")
                        || line.getLoggerName().startsWith("io.credreg"))
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        // Axon's own DEBUG lines (switched on here) carry stacks by design; at the default level they are not written.
        assertThat(lines.list).filteredOn(line -> line.getLevel().isGreaterOrEqual(Level.INFO))
                .filteredOn(line -> line.getThrowableProxy() != null)
                .extracting(ILoggingEvent::getFormattedMessage).isEmpty();
        assertThat(lines.list).filteredOn(line -> line.getFormattedMessage().contains("expected refusal"))
                .allSatisfy(line -> {
                    assertThat(line.getLevel()).isEqualTo(Level.DEBUG);
                    assertThat(line.getThrowableProxy()).isNull();
                })
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("is already registered as credential"))
                .anySatisfy(line -> assertThat(line).contains("identifier [no-such-"));
    }
}
