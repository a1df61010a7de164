package io.credreg.platform.events;

import io.credreg.api.EventEvolutions;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

import java.util.ArrayList;
import java.util.List;

/**
 * Events are stored with the revision they declare and read back in their current shape, whatever revision they
 * were stored with, by both sides alike. Axon's auto-configuration builds its serializers with the
 * {@link RevisionResolver} bean and hands every {@link EventUpcaster} bean to the event store.
 */
@AutoConfiguration(beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class EventEvolutionAutoConfiguration {

    @Bean
    RevisionResolver eventRevisionResolver() {
        return new EventRevisionResolver();
    }

    /**
     * One chain, so the steps run in the order {@link EventEvolutions} lists them; stored hints are reduced last,
     * whatever revision brought them.
     */
    @Bean
    EventUpcaster eventEvolutions() {
        List<EventUpcaster> steps = new ArrayList<>(EventEvolutions.FIELD_RENAMES.stream()
                .map(FieldRenameUpcaster::new).toList());
        steps.add(new HintReducingUpcaster());
        return new EventUpcasterChain(steps);
    }
}
