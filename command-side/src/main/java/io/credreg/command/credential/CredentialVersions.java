package io.credreg.command.credential;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

/**
 * A credential's version as the event store knows it: the sequence number of the last event of its stream. Read
 * from the store, never from the cached aggregate, whose copy may have fallen behind another node's append: the
 * check of an {@code If-Match} must neither pass on a stale copy nor refuse a caller who read the truth.
 */
@Component
public class CredentialVersions {

    private final EventStore events;

    public CredentialVersions(EventStore events) {
        this.events = events;
    }

    /** The version of the credential's stream; -1 for a stream without events. */
    public long current(String credentialId) {
        return events.lastSequenceNumberFor(credentialId).orElse(-1L);
    }
}
