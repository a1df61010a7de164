package io.credreg.command.credential;

import io.credreg.command.rule.VersionMismatchException;
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

    /**
     * Refuses a command sent with an expected version ({@code If-Match}) unless the credential's stream is at it.
     * Checked against the store before anything is touched. Two commands that both pass (they read the store before
     * either committed) append the same sequence number; the unique key lets one commit, and the other's retry
     * reloads the credential and is refused here.
     */
    public static void require(CredentialVersions versions, String credentialId, Long expected) {
        if (expected == null) {
            return;
        }
        long current = versions.current(credentialId);
        if (current != expected) {
            throw new VersionMismatchException(credentialId, expected, current);
        }
    }
}
