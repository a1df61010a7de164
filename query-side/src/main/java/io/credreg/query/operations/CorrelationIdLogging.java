package io.credreg.query.operations;

import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import static io.credreg.api.EventMetadata.CORRELATION_ID;

/**
 * Puts the correlation id of the message being handled into the logging context, so that a projection's or a query
 * handler's log lines can be traced back to the request that caused them. Axon's Spring Boot support registers a
 * handler interceptor bean on the query bus and on every event processor.
 */
@Component
public class CorrelationIdLogging implements MessageHandlerInterceptor<Message<?>> {

    @Override
    public Object handle(UnitOfWork<? extends Message<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        Object correlationId = unitOfWork.getMessage().getMetaData().get(CORRELATION_ID);
        if (correlationId == null) {
            return interceptorChain.proceed();
        }
        // A query handled on the request's own thread must give the request's value back, not clear it.
        String previous = MDC.get(CORRELATION_ID);
        MDC.put(CORRELATION_ID, correlationId.toString());
        try {
            return interceptorChain.proceed();
        } finally {
            restore(previous);
        }
    }

    private static void restore(String previous) {
        if (previous == null) {
            MDC.remove(CORRELATION_ID);
        } else {
            MDC.put(CORRELATION_ID, previous);
        }
    }
}
