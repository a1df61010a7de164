package io.credreg.command.credential;

import io.credreg.command.lookup.CommandLookups;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The purge poller of this node, unless {@code registry.credentials.recovery-window.purge-enabled} is false. */
@Configuration(proxyBeanMethods = false)
class RecoveryWindowConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "registry.credentials.recovery-window.purge-enabled", matchIfMissing = true)
    RecoveryWindowPurger recoveryWindowPurger(CommandLookups lookups, CommandGateway commands,
                                              RecoveryWindowProperties properties) {
        return new RecoveryWindowPurger(lookups, commands, properties, Clock.systemUTC());
    }
}
