package io.credreg.command.dispatch;

import io.credreg.api.credential.DeleteCredential;
import io.credreg.api.token.TokenRole;
import io.credreg.command.credential.CredentialDeletedException;
import io.credreg.command.lookup.StaleLookupException;
import io.credreg.platform.security.TokenPrincipal;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ANONYMOUS;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gateway the features send through, wired as the application wires it, over a real (simple) command bus: what
 * it retries, how often, and which metadata the handler sees on every attempt.
 */
class CommandDispatchTest {

    private final CommandDispatchConfiguration configuration = new CommandDispatchConfiguration();
    private final List<CommandMessage<?>> handled = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService retryExecutor;
    private SimpleCommandBus bus;
    private CommandGateway gateway;

    @BeforeEach
    void setUp() {
        retryExecutor = configuration.commandRetryExecutor();
        bus = SimpleCommandBus.builder().build();
        gateway = configuration.commandGateway(bus, configuration.lostRaceRetryScheduler(retryExecutor));
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(CORRELATION_ID, "req-7");
        request.addHeader("X-Actor", "mallory");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
    }

    @AfterEach
    void tearDown() {
        RequestContextHolder.resetRequestAttributes();
        SecurityContextHolder.clearContext();
        retryExecutor.shutdownNow();
    }

    @Test
    void aCommandCarriesThePrincipalAsActorAndTheRequestsCorrelation() {
        authenticateAs(new TokenPrincipal("t-1", "alice", TokenRole.ADMIN, null));
        handleWith(List.of(() -> "done"));

        assertThat(gateway.<String>sendAndWait(new DeleteCredential("c-1"))).isEqualTo("done");

        assertThat(handled).singleElement().satisfies(message -> {
            assertThat(message.getPayload()).isEqualTo(new DeleteCredential("c-1"));
            assertThat(message.getMetaData()).containsEntry(ACTOR, "alice").containsEntry(CORRELATION_ID, "req-7");
        });
    }

    @Test
    void withoutAnAuthenticatedPrincipalTheActorIsAnonymousWhateverTheHeadersSay() {
        handleWith(List.of(() -> "done"));

        gateway.sendAndWait(new DeleteCredential("c-1"));

        assertThat(handled).singleElement().satisfies(message ->
                assertThat(message.getMetaData()).containsEntry(ACTOR, ANONYMOUS));
    }

    @Test
    void workWithoutARequestKeepsTheMetadataItGives() {
        RequestContextHolder.resetRequestAttributes();
        handleWith(List.of(() -> "done"));

        gateway.sendAndWait(new DeleteCredential("c-1"), MetaData.with(ACTOR, "import").and(CORRELATION_ID, "run-1"));
        gateway.sendAndWait(new DeleteCredential("c-2"));

        assertThat(handled.get(0).getMetaData()).containsEntry(ACTOR, "import").containsEntry(CORRELATION_ID, "run-1");
        assertThat(handled.get(1).getMetaData()).doesNotContainKeys(ACTOR, CORRELATION_ID);
    }

    @Test
    void aCommandThatNamesItsActorKeepsItDuringARequest() {
        authenticateAs(new TokenPrincipal("t-1", "alice", TokenRole.ADMIN, null));
        handleWith(List.of(() -> "done"));

        gateway.sendAndWait(GenericCommandMessage.asCommandMessage(new DeleteCredential("c-1"))
                .andMetaData(MetaData.with(ACTOR, "import")));

        assertThat(handled.get(0).getMetaData()).containsEntry(ACTOR, "import");
    }

    @Test
    void aCommandThatLostARaceIsRetriedWithTheSameMessage() {
        handleWith(List.of(
                () -> {
                    throw new ConcurrencyException("appended first");
                },
                () -> {
                    throw new DuplicateKeyException("setting_slot");
                },
                () -> "done"));

        assertThat(gateway.<String>sendAndWait(new DeleteCredential("c-1"))).isEqualTo("done");

        assertThat(handled).hasSize(3).allSatisfy(message -> {
            assertThat(message.getPayload()).isEqualTo(new DeleteCredential("c-1"));
            assertThat(message.getMetaData()).containsEntry(CORRELATION_ID, "req-7");
        });
    }

    @Test
    void aRuleViolationIsNotRetried() {
        handleWith(List.of(() -> {
            throw new CredentialDeletedException("c-1");
        }));

        assertThatThrownBy(() -> gateway.sendAndWait(new DeleteCredential("c-1")))
                .isInstanceOf(CredentialDeletedException.class);
        assertThat(handled).hasSize(1);
    }

    @Test
    void retriesStopAfterEightAttemptsAndTheRaceReachesTheCaller() {
        handleWith(List.of(() -> {
            throw new StaleLookupException("moved");
        }));

        assertThatThrownBy(() -> gateway.sendAndWait(new DeleteCredential("c-1")))
                .satisfies(error -> assertThat(LostRace.causedBy(error)).isTrue());
        assertThat(handled).hasSize(CommandDispatchConfiguration.MAX_RETRIES + 1).hasSize(8);
    }

    /** Answers the n-th attempt with the n-th outcome; the last one repeats. */
    private void handleWith(List<Supplier<Object>> outcomes) {
        bus.subscribe(DeleteCredential.class.getName(), message -> {
            handled.add(message);
            return outcomes.get(Math.min(handled.size(), outcomes.size()) - 1).get();
        });
    }

    private static void authenticateAs(TokenPrincipal principal) {
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, List.of()));
    }
}
