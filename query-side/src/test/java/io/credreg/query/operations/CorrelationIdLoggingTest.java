package io.credreg.query.operations;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdLoggingTest {

    private final AtomicReference<String> seenByHandler = new AtomicReference<>();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void theEventsCorrelationIdIsLoggedWhileItIsHandledAndRemovedAfterwards() throws Exception {
        handle(MetaData.with(CORRELATION_ID, "req-42"));

        assertThat(seenByHandler).hasValue("req-42");
        assertThat(MDC.get(CORRELATION_ID)).isNull();
    }

    @Test
    void aRequestsOwnCorrelationIdSurvivesAQueryHandledOnItsThread() throws Exception {
        MDC.put(CORRELATION_ID, "req-outer");

        handle(MetaData.with(CORRELATION_ID, "req-inner"));

        assertThat(seenByHandler).hasValue("req-inner");
        assertThat(MDC.get(CORRELATION_ID)).isEqualTo("req-outer");
    }

    @Test
    void aMessageWithoutCorrelationIdLeavesTheLoggingContextAlone() throws Exception {
        MDC.put(CORRELATION_ID, "req-outer");

        handle(MetaData.emptyInstance());

        assertThat(seenByHandler).hasValue("req-outer");
        assertThat(MDC.get(CORRELATION_ID)).isEqualTo("req-outer");
    }

    private void handle(MetaData metaData) throws Exception {
        Message<?> message = new GenericEventMessage<>("payload", metaData);
        DefaultUnitOfWork<Message<?>> unitOfWork = DefaultUnitOfWork.startAndGet(message);
        try {
            new DefaultInterceptorChain<>(unitOfWork, List.of(new CorrelationIdLogging()), handled -> {
                seenByHandler.set(MDC.get(CORRELATION_ID));
                return null;
            }).proceed();
        } finally {
            unitOfWork.commit();
        }
    }
}
