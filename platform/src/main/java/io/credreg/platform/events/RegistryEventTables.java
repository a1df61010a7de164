package io.credreg.platform.events;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

/**
 * Both sides read (and the command side writes) Axon's event tables with plain JDBC, as Flyway creates them (V1):
 * snake_case columns instead of Axon's camelCase defaults, binary payloads. One description of those tables, so the
 * writer and the reader cannot disagree about them; each side adds its own tuning to the builder. Appends draw their
 * global indexes in commit order ({@link CommitOrderedAppends}).
 */
public final class RegistryEventTables {

    private RegistryEventTables() {
    }

    /** A JDBC storage engine over the registry's event tables, with Axon's serializers, upcasters and monitors. */
    static JdbcEventStorageEngine.Builder storageEngine(Serializer defaultSerializer, Serializer eventSerializer,
                                                               PersistenceExceptionResolver persistenceExceptionResolver,
                                                               Configuration configuration,
                                                               ConnectionProvider connectionProvider,
                                                               TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(schema())
                .appendEvents(new CommitOrderedAppends())
                .dataType(byte[].class);
    }

    /** The names Flyway gives Axon's tables and columns. */
    public static EventSchema schema() {
        return EventSchema.builder()
                .eventTable("domain_event_entry")
                .snapshotTable("snapshot_event_entry")
                .globalIndexColumn("global_index")
                .timestampColumn("time_stamp")
                .eventIdentifierColumn("event_identifier")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .typeColumn("type")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .build();
    }
}
