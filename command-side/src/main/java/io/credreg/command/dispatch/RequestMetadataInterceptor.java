package io.credreg.command.dispatch;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ANONYMOUS;
import static io.credreg.api.EventMetadata.CORRELATION_ID;

/**
 * Gives a command sent while a request is handled that request's actor (the authenticated principal's name; a header
 * cannot claim to be someone else, and {@code anonymous} where nothing authenticated) and its correlation id. From
 * there Axon's correlation data providers carry both, and the causation id, to every event and command that follows.
 * <p>
 * Work without a request (the import, a one-shot mode without a web server) gives its metadata itself, and a command
 * that already names its actor keeps it: the interceptor only fills in what the request knows.
 */
class RequestMetadataInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
            List<? extends CommandMessage<?>> messages) {
        return (index, command) -> {
            if (command.getMetaData().containsKey(ACTOR)
                    || !(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes current)) {
                return command;
            }
            Map<String, Object> metaData = new HashMap<>();
            metaData.put(ACTOR, actor());
            Object correlationId = current.getRequest().getAttribute(CORRELATION_ID);
            if (correlationId != null) {
                metaData.put(CORRELATION_ID, correlationId);
            }
            return command.andMetaData(metaData);
        };
    }

    private static String actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof Principal principal ? principal.getName() : ANONYMOUS;
    }
}
