package io.credreg.query.infrastructure;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A projection that cannot apply an event must stop and retry, not skip it: Axon's default logs the failure and
 * moves on, which would leave a read model silently wrong. Propagating rolls the batch back (token included), and
 * the pooled processor retries the segment with back-off.
 */
@Configuration(proxyBeanMethods = false)
public class ProjectionErrorHandlingConfiguration {

    @Bean
    ConfigurerModule propagateProjectionFailures() {
        return configurer -> configurer.eventProcessing()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance());
    }
}
