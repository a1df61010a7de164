package io.credreg.query.infrastructure;

import io.credreg.api.EventEvolutions;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Events are stored with the revision they declare and read back in their current shape, whatever revision they
 * were stored with. Axon's auto-configuration builds its serializers with the {@link RevisionResolver} bean and
 * hands every {@link EventUpcaster} bean to the event store. See "Evolving events" in docs/ARCHITECTURE.md.
 */
@Configuration(proxyBeanMethods = false)
public class EventEvolutionConfiguration {

    @Bean
    RevisionResolver eventRevisionResolver() {
        return new EventRevisionResolver();
    }

    /** One chain, so the steps run in the order {@link EventEvolutions} lists them. */
    @Bean
    EventUpcaster eventEvolutions() {
        return new EventUpcasterChain(EventEvolutions.FIELD_RENAMES.stream().map(FieldRenameUpcaster::new).toList());
    }
}
