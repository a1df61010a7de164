package io.credreg.query.admin;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.TimeUnit;

/**
 * Holds a paced replay ({@code POST /api/admin/processors/{name}/replay?maxEventsPerSecond=N}) to its pace: every
 * event a processor handles as part of a replay waits for its slot first. Live events and unpaced replays pass
 * straight through. The wait happens inside the batch, so a batch takes (batch size / pace) seconds; the lowest pace
 * the endpoint takes keeps that under the claim timeout of a segment's token.
 */
@Configuration(proxyBeanMethods = false)
class ReplayPacing {

    @Autowired
    void paceReplays(EventProcessingConfigurer processing, ReplayTracker replays) {
        processing.registerDefaultHandlerInterceptor((configuration, processor) -> new Pace(processor, replays));
    }

    /** The interceptor of one processor. */
    record Pace(String processor, ReplayTracker replays) implements MessageHandlerInterceptor<EventMessage<?>> {

        @Override
        public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain)
                throws Exception {
            if (ReplayToken.isReplay(unitOfWork.getMessage())) {
                long wait = replays.registered(processor).map(ReplayRun::nanosUntilNextEvent).orElse(0L);
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            return chain.proceed();
        }
    }
}
