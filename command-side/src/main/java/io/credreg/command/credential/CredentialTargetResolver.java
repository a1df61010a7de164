package io.credreg.command.credential;

import io.credreg.api.credential.CredentialCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/**
 * Finds the credential a command addresses through the plain {@link CredentialCommand} interface, so that the shared
 * messages need no framework annotation.
 */
@Component(CredentialTargetResolver.BEAN_NAME)
class CredentialTargetResolver implements CommandTargetResolver {

    static final String BEAN_NAME = "credentialTargetResolver";

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof CredentialCommand credentialCommand) {
            return new VersionedAggregateIdentifier(credentialCommand.credentialId(), null);
        }
        throw new IllegalArgumentException(command.getPayloadType().getSimpleName() + " does not address a credential");
    }
}
