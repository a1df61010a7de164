package io.credreg.command.infrastructure;

import io.credreg.command.lookup.CommandLookups;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.ACTOR_ROLE;
import static io.credreg.api.EventMetadata.ACTOR_TOKEN_ID;
import static io.credreg.api.EventMetadata.ANONYMOUS;
import static io.credreg.api.EventMetadata.CAUSATION_ID;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static io.credreg.api.EventMetadata.LEGACY_PREFIX;
import static io.credreg.api.EventMetadata.REQUEST_ID;
import static io.credreg.api.EventMetadata.SOURCE;

@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    /** Metadata that travels unchanged from a command to everything it causes. */
    private static final Set<String> CARRIED = Set.of(SOURCE, REQUEST_ID, ACTOR_TOKEN_ID, ACTOR_ROLE);

    /**
     * Every message produced while handling another carries the same actor and correlation id, and names the handled
     * message as its cause. An event applied with an explicit causation id (a cascade's unbinds) keeps it. The caller's
     * request id and the acting token's id and role travel along. A command that says where it came from
     * ({@code source}, and the {@code legacy*} ids of an import) passes that on too.
     */
    @Bean
    CorrelationDataProvider actorAndCausation() {
        return AxonConfiguration::correlationDataFor;
    }

    static Map<String, ?> correlationDataFor(Message<?> message) {
        Map<String, Object> data = new HashMap<>();
        data.put(ACTOR, message.getMetaData().getOrDefault(ACTOR, ANONYMOUS));
        data.put(CORRELATION_ID, message.getMetaData().getOrDefault(CORRELATION_ID, message.getIdentifier()));
        data.put(CAUSATION_ID, message.getIdentifier());
        message.getMetaData().forEach((key, value) -> {
            if (value != null && (CARRIED.contains(key) || key.startsWith(LEGACY_PREFIX))) {
                data.put(key, value);
            }
        });
        return data;
    }

    /** Keeps hot credentials (thousands of bindings) in memory instead of replaying their streams on every command. */
    @Bean
    Cache credentialCache(CommandCacheProperties cache) {
        return new BoundedAggregateCache(cache.cachedCredentials());
    }

    /**
     * The lookups guard invariants, so a failure there must fail the command's transaction rather than be logged
     * and forgotten, which is what Axon does by default.
     */
    @Bean
    ConfigurerModule lookupsFailTheCommand() {
        return configurer -> configurer.eventProcessing().registerListenerInvocationErrorHandler(
                CommandLookups.PROCESSING_GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}
