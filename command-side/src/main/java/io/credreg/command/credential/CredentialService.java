package io.credreg.command.credential;

import io.credreg.api.credential.CreateCredential;
import io.credreg.api.credential.DeleteCredential;
import io.credreg.api.credential.DeletionResult;
import io.credreg.api.credential.ReadSecretVersion;
import io.credreg.api.credential.RenameCredential;
import io.credreg.api.credential.RestoreCredential;
import io.credreg.api.credential.RestoreResult;
import io.credreg.api.credential.RotateCredentialSecret;
import io.credreg.api.credential.SealedSecret;
import io.credreg.platform.ids.StrongRandom;
import io.credreg.command.secret.SecretSealer;
import io.credreg.command.validation.Names;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;

import java.time.Instant;


/** Seals plaintext secrets before anything else sees them, then hands the commands to the aggregate. */
@Service
class CredentialService {

    private static final int ROTATION_ATTEMPTS = 3;

    private final CommandGateway commands;
    private final SecretSealer sealer;
    private final RecoveryWindowProperties recoveryWindow;

    CredentialService(CommandGateway commands, SecretSealer sealer, RecoveryWindowProperties recoveryWindow) {
        this.commands = commands;
        this.sealer = sealer;
        this.recoveryWindow = recoveryWindow;
    }

    /** A new credential's stream holds one event, so it is at version 0. */
    static final long FIRST_VERSION = 0;

    String create(String name, String provider, String secret) {
        String id = StrongRandom.uuid().toString();
        commands.sendAndWait(new CreateCredential(id, Names.normalize(name).strip(), provider,
                sealer.seal(secret, id, 1)));
        return id;
    }

    /** Answers the version the credential is at afterwards. */
    long rename(String id, String name, Long expectedVersion) {
        return commands.<Long>sendAndWait(new RenameCredential(id, Names.normalize(name).strip(), expectedVersion));
    }

    /**
     * Seals the new secret for the version after the current one; when another rotation takes that version first,
     * seals again for the next, a few times at most. With an expected version that cannot happen unnoticed: the other
     * rotation moved the credential's version too, so this one is refused as stale before the secret is looked at.
     */
    Versioned<CredentialRequests.Rotated> rotate(String id, String secret, Long expectedVersion) {
        int current = commands.<Integer>sendAndWait(new ReadSecretVersion(id));
        for (int attempt = 1; ; attempt++) {
            SealedSecret sealed = sealer.seal(secret, id, current + 1);
            try {
                Versioned<Integer> rotated = commands.sendAndWait(new RotateCredentialSecret(id, sealed,
                        expectedVersion));
                return new Versioned<>(new CredentialRequests.Rotated(id, rotated.result(), sealed.hint()),
                        rotated.version());
            } catch (SecretVersionMovedException moved) {
                if (attempt == ROTATION_ATTEMPTS) {
                    throw moved;
                }
                current = moved.currentVersion();
            }
        }
    }

    Versioned<DeletionResult> delete(String id, Long expectedVersion) {
        return commands.sendAndWait(new DeleteCredential(id, expectedVersion));
    }

    /**
     * {@code windowDays} null takes the configured default; 0 shreds at once. The window's end is drawn from the
     * clock here, so the command and its event carry one instant every node agrees on.
     */
    Versioned<DeletionResult> delete(String id, Long expectedVersion, Integer windowDays) {
        int days = windowDays == null ? recoveryWindow.defaultDays() : windowDays;
        Instant restorableUntil = days == 0 ? null : Instant.now().plus(recoveryWindow.window(days));
        return commands.sendAndWait(new DeleteCredential(id, expectedVersion, restorableUntil));
    }

    Versioned<RestoreResult> restore(String id, Long expectedVersion) {
        return commands.sendAndWait(new RestoreCredential(id, expectedVersion));
    }
}
