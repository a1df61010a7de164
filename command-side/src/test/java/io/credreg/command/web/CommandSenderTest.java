package io.credreg.command.web;

import io.credreg.api.credential.DeleteCredential;
import io.credreg.command.credential.CredentialDeletedException;
import io.credreg.command.lookup.StaleLookupException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import io.credreg.api.token.TokenRole;
import io.credreg.platform.security.TokenPrincipal;

import java.sql.SQLException;
import java.util.List;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ANONYMOUS;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class CommandSenderTest {

    private CommandGateway gateway;
    private MockHttpServletRequest request;
    private CommandSender sender;

    @BeforeEach
    void setUp() {
        gateway = mock(CommandGateway.class);
        request = new MockHttpServletRequest();
        request.setAttribute(CORRELATION_ID, "req-7");
        sender = new CommandSender(gateway, request);
    }

    @AfterEach
    void forgetThePrincipal() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void sendsTheCommandWithThePrincipalAsActorAndTheRequestsCorrelation() {
        authenticateAs(new TokenPrincipal("t-1", "alice", TokenRole.ADMIN, null));
        request.addHeader("X-Actor", "mallory");
        when(gateway.sendAndWait(any())).thenReturn("done");

        assertThat(sender.<String>send(new DeleteCredential("c-1"))).isEqualTo("done");

        CommandMessage<?> sent = sentMessages(1).get(0);
        assertThat(sent.getPayload()).isEqualTo(new DeleteCredential("c-1"));
        assertThat(sent.getMetaData()).containsEntry(ACTOR, "alice").containsEntry(CORRELATION_ID, "req-7");
    }

    @Test
    void withoutAnAuthenticatedPrincipalTheActorIsAnonymousWhateverTheHeadersSay() {
        request.addHeader("X-Actor", "alice");
        when(gateway.sendAndWait(any())).thenReturn("done");

        sender.send(new DeleteCredential("c-1"));

        assertThat(sentMessages(1).get(0).getMetaData()).containsEntry(ACTOR, ANONYMOUS);
    }

    private static void authenticateAs(TokenPrincipal principal) {
        SecurityContextHolder.getContext().setAuthentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, List.of()));
    }

    @Test
    void aCommandThatLostARaceIsRetriedWithTheSameMessageContent() {
        when(gateway.sendAndWait(any()))
                .thenThrow(new ConcurrencyException("appended first"))
                .thenThrow(new DuplicateKeyException("setting_slot"))
                .thenReturn("done");

        assertThat(sender.<String>send(new DeleteCredential("c-1"))).isEqualTo("done");

        List<CommandMessage<?>> sent = sentMessages(3);
        assertThat(sent).allSatisfy(message ->
                assertThat(message.getPayload()).isEqualTo(new DeleteCredential("c-1")));
        assertThat(sent).extracting(CommandMessage::getMetaData).allSatisfy(metaData ->
                assertThat(metaData).containsEntry(CORRELATION_ID, "req-7"));
    }

    @Test
    void aRuleViolationIsNotRetried() {
        when(gateway.sendAndWait(any())).thenThrow(new CredentialDeletedException("c-1"));

        assertThatThrownBy(() -> sender.send(new DeleteCredential("c-1")))
                .isInstanceOf(CredentialDeletedException.class);
        verify(gateway, times(1)).sendAndWait(any());
    }

    @Test
    void retriesStopAfterEightAttempts() {
        when(gateway.sendAndWait(any())).thenThrow(new StaleLookupException("moved"));

        assertThatThrownBy(() -> sender.send(new DeleteCredential("c-1"))).isInstanceOf(StaleLookupException.class);
        verify(gateway, times(8)).sendAndWait(any());
    }

    @Test
    void racesAreRecognisedAnywhereInTheCauseChain() {
        assertThat(CommandSender.lostARace(new ConcurrencyException("x"))).isTrue();
        assertThat(CommandSender.lostARace(new StaleLookupException("x"))).isTrue();
        assertThat(CommandSender.lostARace(new DuplicateKeyException("x"))).isTrue();
        assertThat(CommandSender.lostARace(new CannotAcquireLockException("x"))).isTrue();
        assertThat(CommandSender.lostARace(wrapped(new SQLException("unique", "23505")))).isTrue();
        assertThat(CommandSender.lostARace(wrapped(new SQLException("serialization", "40001")))).isTrue();
        assertThat(CommandSender.lostARace(wrapped(new SQLException("deadlock", "40P01")))).isTrue();

        assertThat(CommandSender.lostARace(new IllegalArgumentException("x"))).isFalse();
        assertThat(CommandSender.lostARace(new CredentialDeletedException("c"))).isFalse();
        assertThat(CommandSender.lostARace(new AggregateNotFoundException("c", "missing"))).isFalse();
        assertThat(CommandSender.lostARace(wrapped(new SQLException("syntax", "42000")))).isFalse();
        assertThat(CommandSender.lostARace(wrapped(new SQLException("no state")))).isFalse();
    }

    private static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("outer", new RuntimeException("middle", cause));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private List<CommandMessage<?>> sentMessages(int count) {
        ArgumentCaptor<CommandMessage> captor = ArgumentCaptor.forClass(CommandMessage.class);
        verify(gateway, times(count)).sendAndWait(captor.capture());
        return (List) captor.getAllValues();
    }
}
