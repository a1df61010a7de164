package io.credreg.command.credential;

import io.credreg.api.credential.ReadSecretVersion;
import io.credreg.api.credential.RotateCredentialSecret;
import io.credreg.command.secret.MasterKey;
import io.credreg.command.secret.SecretSealer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** A rotation seals the new secret for the next version, and again for a later one when another rotation won. */
class CredentialServiceTest {

    private static final String ID = "cred-1";

    private final CommandGateway commands = mock(CommandGateway.class);
    private final SecretSealer sealer = new SecretSealer(new MasterKey(key()));
    private final CredentialService service = new CredentialService(commands, sealer,
            new RecoveryWindowProperties(7, true, java.time.Duration.ofMinutes(1), 100, java.time.Duration.ofDays(1)));

    @Test
    void sealsForTheVersionAfterTheCurrentOne() {
        when(commands.sendAndWait(any(ReadSecretVersion.class))).thenReturn(4);
        when(commands.sendAndWait(any(RotateCredentialSecret.class))).thenReturn(new Versioned<>(5, 9L));

        assertThat(service.rotate(ID, "sk-proj-0123456789abcdef9f3a", null))
                .isEqualTo(new Versioned<>(new CredentialRequests.Rotated(ID, 5, "…9f3a"), 9L));

        assertThat(sentRotations(1)[0].secret().boundTo(ID, 5)).isTrue();
    }

    @Test
    void sealsAgainForTheNextVersionWhenAnotherRotationTookIt() {
        when(commands.sendAndWait(any(ReadSecretVersion.class))).thenReturn(1);
        when(commands.sendAndWait(any(RotateCredentialSecret.class)))
                .thenThrow(new SecretVersionMovedException(ID, 2, 2))
                .thenReturn(new Versioned<>(3, 4L));

        assertThat(service.rotate(ID, "sk-proj-0123456789abcdef9f3a", null).result().secretVersion()).isEqualTo(3);

        RotateCredentialSecret[] sent = sentRotations(2);
        assertThat(sent[0].secret().boundTo(ID, 2)).isTrue();
        assertThat(sent[1].secret().boundTo(ID, 3)).isTrue();
    }

    @Test
    void givesUpAfterThreeLostRaces() {
        when(commands.sendAndWait(any(ReadSecretVersion.class))).thenReturn(1);
        when(commands.sendAndWait(any(RotateCredentialSecret.class)))
                .thenThrow(new SecretVersionMovedException(ID, 2, 2), new SecretVersionMovedException(ID, 3, 3),
                        new SecretVersionMovedException(ID, 4, 4));

        assertThatThrownBy(() -> service.rotate(ID, "sk-proj-0123456789abcdef9f3a", null))
                .isInstanceOf(SecretVersionMovedException.class);
        sentRotations(3);
    }

    @Test
    void passesTheExpectedVersionOnAndSealsOnlyOnceWhenItIsStale() {
        when(commands.sendAndWait(any(ReadSecretVersion.class))).thenReturn(1);
        when(commands.sendAndWait(any(RotateCredentialSecret.class)))
                .thenThrow(new io.credreg.command.rule.VersionMismatchException(ID, 3, 4));

        assertThatThrownBy(() -> service.rotate(ID, "sk-proj-0123456789abcdef9f3a", 3L))
                .isInstanceOf(io.credreg.command.rule.VersionMismatchException.class);
        assertThat(sentRotations(1)[0].expectedVersion()).isEqualTo(3L);
    }

    private RotateCredentialSecret[] sentRotations(int count) {
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        verify(commands, times(count + 1)).sendAndWait(sent.capture());
        return sent.getAllValues().stream().filter(RotateCredentialSecret.class::isInstance)
                .map(RotateCredentialSecret.class::cast).toArray(RotateCredentialSecret[]::new);
    }

    private static byte[] key() {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) 7);
        return key;
    }
}
