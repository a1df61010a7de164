package io.credreg.command.dispatch;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The command gateway every feature sends through: Axon's own retry scheduler runs a command that lost a race again
 * (see {@link LostRace}), and a dispatch interceptor gives it the request's actor and correlation id.
 * <p>
 * A rule violation (a duplicate secret, a deleted credential) is final, so only races are retried: everything else is
 * declared non-transient. A retry runs against the winner's outcome, so it then succeeds or is refused with the precise
 * rule it breaks; a race that is still lost after {@value #MAX_RETRIES} retries reaches the client as a 409.
 */
@Configuration(proxyBeanMethods = false)
public class CommandDispatchConfiguration {

    /** Eight attempts in all, as the registry always allowed; waits of 4, 8, ... 256 ms, about half a second. */
    static final int MAX_RETRIES = 7;
    static final long BACKOFF_MILLIS = 4;
    /**
     * A retried command runs on one of these threads while its request thread waits, so there are enough of them for
     * every client in a burst of races on one hot credential.
     */
    private static final int RETRY_THREADS = 8;

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("command-retry-");
        threads.setDaemon(true);
        return Executors.newScheduledThreadPool(RETRY_THREADS, threads);
    }

    @Bean
    RetryScheduler lostRaceRetryScheduler(ScheduledExecutorService commandRetryExecutor) {
        return ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .maxRetryCount(MAX_RETRIES)
                .backoffFactor(BACKOFF_MILLIS)
                .nonTransientFailurePredicate(failure -> !LostRace.causedBy(failure))
                .build();
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler lostRaceRetryScheduler) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(lostRaceRetryScheduler)
                .dispatchInterceptors(new RequestMetadataInterceptor())
                .build();
    }
}
