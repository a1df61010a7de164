package io.credreg.command.resolution;

import io.credreg.command.infrastructure.AppendLastEventStore;
import io.credreg.command.staged.StagedSecretTable;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.EventMessage;

import java.util.List;

/**
 * Where the journal puts a batch of resolutions, inside its transaction. With the registry's own event store the
 * batch's lookup rows (which settings resolved a pending version) are written first and the events appended last, as
 * for every transaction (decision 0120), without a subscribing processor's unit of work per event; any other event
 * bus (Axon Server) publishes them, and its subscribers write the same rows.
 */
@FunctionalInterface
public interface ResolutionStore {

    void append(List<? extends EventMessage<?>> resolutions);

    static ResolutionStore over(EventBus events, StagedSecretTable stagedSecrets) {
        if (events instanceof AppendLastEventStore store) {
            return resolutions -> {
                stagedSecrets.countResolutions(resolutions);
                store.appendWithoutSubscribers(resolutions);
            };
        }
        return events::publish;
    }
}
