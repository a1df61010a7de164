package io.credreg.command.dispatch;

import io.credreg.platform.idempotency.IdempotencyPolicy;
import io.credreg.platform.idempotency.IdempotentExecution;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.caching.Cache;
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

    /**
     * A command sent while a request with an idempotency key is answered runs in that request's transaction: a lost
     * race spoils the transaction, so the command is not retried on its own, the request is (see
     * {@link #idempotencyPolicy(Cache)}).
     */
    @Bean
    RetryScheduler lostRaceRetryScheduler(ScheduledExecutorService commandRetryExecutor) {
        RetryScheduler backOff = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .maxRetryCount(MAX_RETRIES)
                .backoffFactor(BACKOFF_MILLIS)
                .nonTransientFailurePredicate(failure -> !LostRace.causedBy(failure))
                .build();
        return (command, failure, failures, dispatch) -> !IdempotentExecution.active()
                && backOff.scheduleRetry(command, failure, failures, dispatch);
    }

    /**
     * Requests with an {@code Idempotency-Key} (docs/decisions/0140): a lost race runs the whole request again in a
     * new transaction, as often and with the same waits as a command alone is retried. When a transaction rolls back
     * after a command in it completed, the aggregate cache may hold state that was never committed: it is emptied.
     */
    @Bean
    IdempotencyPolicy idempotencyPolicy(Cache credentialCache) {
        return new IdempotencyPolicy() {
            @Override
            public boolean retryable(Throwable failure) {
                return LostRace.causedBy(failure);
            }

            @Override
            public int maxAttempts() {
                return MAX_RETRIES + 1;
            }

            @Override
            public long backoffMillis(int failedAttempts) {
                return BACKOFF_MILLIS << Math.min(failedAttempts - 1, MAX_RETRIES);
            }

            @Override
            public void discardStateOfRolledBackCommands() {
                credentialCache.removeAll();
            }
        };
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler lostRaceRetryScheduler) {
        // tells a request with an idempotency key that a command completed inside its (uncommitted) transaction
        commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            unitOfWork.afterCommit(ignored -> IdempotentExecution.commandCompleted());
            return chain.proceed();
        });
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(lostRaceRetryScheduler)
                .dispatchInterceptors(new RequestMetadataInterceptor())
                .build();
    }
}
