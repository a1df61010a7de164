package io.credreg.command.credential;

import io.credreg.api.credential.CredentialCommand;
import io.credreg.api.credential.PurgeCredential;
import io.credreg.api.credential.RestoreCredential;
import io.credreg.command.lookup.CommandLookups;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/**
 * Finds the credential a command addresses through the plain {@link CredentialCommand} interface, so that the shared
 * messages need no framework annotation. A command to a credential whose deletion has committed is refused here, from
 * the lookup, before the aggregate is loaded: a client polling a deleted credential costs one indexed read, not a
 * replay of its stream (a refusal inside the aggregate would also evict it from the cache).
 */
@Component(CredentialTargetResolver.BEAN_NAME)
class CredentialTargetResolver implements CommandTargetResolver {

    static final String BEAN_NAME = "credentialTargetResolver";

    private final CommandLookups lookups;

    CredentialTargetResolver(CommandLookups lookups) {
        this.lookups = lookups;
    }

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof CredentialCommand credentialCommand) {
            // a restore and a purge are addressed to deleted credentials: their aggregate decides (decision 0200)
            boolean reachesDeleted = credentialCommand instanceof RestoreCredential
                    || credentialCommand instanceof PurgeCredential;
            if (!reachesDeleted && lookups.isDeleted(credentialCommand.credentialId())) {
                throw new CredentialDeletedException(credentialCommand.credentialId());
            }
            return new VersionedAggregateIdentifier(credentialCommand.credentialId(), null);
        }
        throw new IllegalArgumentException(command.getPayloadType().getSimpleName() + " does not address a credential");
    }
}
