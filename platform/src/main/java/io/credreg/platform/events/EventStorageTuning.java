package io.credreg.platform.events;

import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/** What a side changes on the shared event storage engine (the query side reads larger batches, for replays). */
@FunctionalInterface
public interface EventStorageTuning {

    void tune(JdbcEventStorageEngine.Builder engine);
}
