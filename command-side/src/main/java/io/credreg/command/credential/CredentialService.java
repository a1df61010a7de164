package io.credreg.command.credential;

import io.credreg.api.credential.CreateCredential;
import io.credreg.api.credential.DeleteCredential;
import io.credreg.api.credential.DeletionResult;
import io.credreg.api.credential.ReadSecretVersion;
import io.credreg.api.credential.RenameCredential;
import io.credreg.api.credential.RotateCredentialSecret;
import io.credreg.api.credential.SealedSecret;
import io.credreg.platform.ids.StrongRandom;
import io.credreg.command.secret.SecretSealer;
import io.credreg.command.validation.Names;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;


/** Seals plaintext secrets before anything else sees them, then hands the commands to the aggregate. */
@Service
class CredentialService {

    private static final int ROTATION_ATTEMPTS = 3;

    private final CommandGateway commands;
    private final SecretSealer sealer;

    CredentialService(CommandGateway commands, SecretSealer sealer) {
        this.commands = commands;
        this.sealer = sealer;
    }

    String create(String name, String provider, String secret) {
        String id = StrongRandom.uuid().toString();
        commands.sendAndWait(new CreateCredential(id, Names.normalize(name).strip(), provider,
                sealer.seal(secret, id, 1)));
        return id;
    }

    void rename(String id, String name) {
        commands.sendAndWait(new RenameCredential(id, Names.normalize(name).strip()));
    }

    /**
     * Seals the new secret for the version after the current one; when another rotation takes that version first,
     * seals again for the next, a few times at most.
     */
    CredentialRequests.Rotated rotate(String id, String secret) {
        int current = commands.<Integer>sendAndWait(new ReadSecretVersion(id));
        for (int attempt = 1; ; attempt++) {
            SealedSecret sealed = sealer.seal(secret, id, current + 1);
            try {
                int version = commands.sendAndWait(new RotateCredentialSecret(id, sealed));
                return new CredentialRequests.Rotated(id, version, sealed.hint());
            } catch (SecretVersionMovedException moved) {
                if (attempt == ROTATION_ATTEMPTS) {
                    throw moved;
                }
                current = moved.currentVersion();
            }
        }
    }

    DeletionResult delete(String id) {
        return commands.sendAndWait(new DeleteCredential(id));
    }
}
