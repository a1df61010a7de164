package io.credreg.command.resolution;

import io.credreg.api.credential.SecretResolved;
import io.credreg.command.infrastructure.AppendLastEventStore;
import io.credreg.command.staged.StagedSecretTable;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

class ResolutionStoreTest {

    private final StagedSecretTable stagedSecrets = mock(StagedSecretTable.class);
    private final List<EventMessage<?>> seenBySubscribers = new ArrayList<>();
    private final List<EventMessage<?>> batch = List.of(resolution("acme"), resolution("globex"));

    @Test
    void withTheRegistrysEventStoreTheLookupRowsAreWrittenFirstAndNoSubscriberRuns() {
        EventStorageEngine storage = mock(EventStorageEngine.class);
        AppendLastEventStore store = AppendLastEventStore.over(storage, EmbeddedEventStore.builder());
        store.subscribe(seenBySubscribers::addAll);

        ResolutionStore.over(store, stagedSecrets).append(batch);

        InOrder order = inOrder(stagedSecrets, storage);
        order.verify(stagedSecrets).countResolutions(batch);
        order.verify(storage).appendEvents(batch);
        assertThat(seenBySubscribers).isEmpty();
        store.shutDown();
    }

    @Test
    void anyOtherEventBusPublishesTheBatchToItsSubscribers() {
        SimpleEventBus bus = SimpleEventBus.builder().build();
        bus.subscribe(seenBySubscribers::addAll);

        ResolutionStore.over(bus, stagedSecrets).append(batch);

        assertThat(seenBySubscribers).isEqualTo(batch);
        verifyNoInteractions(stagedSecrets);
    }

    private static EventMessage<?> resolution(String instance) {
        return GenericEventMessage.asEventMessage(new SecretResolved("cred-1", instance, "openai.default", 2, "tok"));
    }
}
