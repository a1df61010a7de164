package io.credreg.command.token;

import io.credreg.api.token.ApiTokenCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/** Finds the token a command addresses through the plain {@link ApiTokenCommand} interface. */
@Component(ApiTokenTargetResolver.BEAN_NAME)
class ApiTokenTargetResolver implements CommandTargetResolver {

    static final String BEAN_NAME = "apiTokenTargetResolver";

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof ApiTokenCommand tokenCommand) {
            return new VersionedAggregateIdentifier(tokenCommand.tokenId(), null);
        }
        throw new IllegalArgumentException(command.getPayloadType().getSimpleName() + " does not address a token");
    }
}
