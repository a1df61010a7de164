package io.credreg.query.operations;

import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.queryhandling.QueryMessage;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static io.credreg.api.EventMetadata.CORRELATION_ID;

/**
 * Carries the request's correlation id into the queries it sends, so that a query handled on another thread (or,
 * with Axon Server, in another process) logs under the same id.
 */
@Component
public class QueryCorrelation implements MessageDispatchInterceptor<QueryMessage<?, ?>> {

    @Override
    public BiFunction<Integer, QueryMessage<?, ?>, QueryMessage<?, ?>> handle(
            List<? extends QueryMessage<?, ?>> messages) {
        return (index, query) -> {
            String correlationId = MDC.get(CORRELATION_ID);
            if (correlationId == null || query.getMetaData().containsKey(CORRELATION_ID)) {
                return query;
            }
            return query.andMetaData(Map.of(CORRELATION_ID, correlationId));
        };
    }
}
