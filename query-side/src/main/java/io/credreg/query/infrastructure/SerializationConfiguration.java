package io.credreg.query.infrastructure;

import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

/**
 * Lets Jackson 3 read Axon's tracking tokens back. A pooled processor starts from a {@code ReplayToken}, whose
 * reset context is typed {@code Object} and carries its class name; Jackson 3's default validator refuses every
 * subtype of {@code Object}, so the processor could not even claim its segments. Only Axon's own classes and
 * ours are allowed, which keeps the protection against gadget classes.
 */
@Configuration(proxyBeanMethods = false)
public class SerializationConfiguration {

    @Bean
    Jackson3SerializerCustomizer trustedPolymorphicTypes() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("io.credreg.")
                .build());
    }
}
