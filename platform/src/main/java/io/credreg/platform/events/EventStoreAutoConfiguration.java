package io.credreg.platform.events;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Events are appended and read with plain JDBC rather than through Hibernate. On the command side, managing one or
 * two appended rows as entities (persist, flush) took about a sixth of the CPU in a profile under load; the insert
 * runs on the connection of the command's JPA transaction, so events and lookups still commit together. On the query
 * side, the JDBC engine reads a bounded range of global indexes plus the known gaps, where the JPA engine's
 * {@code > token or in (gaps)} made PostgreSQL take milliseconds per poll. The tables are Flyway's (V1; V9 gives
 * {@code global_index} its value from the sequence by default).
 * <p>
 * With Axon Server (the optional {@code axonserver} profile) the events live there, and this engine steps aside: it
 * would otherwise win and read an empty relational store. Runs before Axon's own JPA and JDBC engines, which step
 * aside for it.
 */
@AutoConfiguration(beforeName = {
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JdbcAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration"})
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
public class EventStoreAutoConfiguration {

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          ObjectProvider<EventStorageTuning> tunings) {
        JdbcEventStorageEngine.Builder engine = RegistryEventTables.storageEngine(defaultSerializer, eventSerializer,
                persistenceExceptionResolver, configuration, connectionProvider, transactionManager);
        tunings.orderedStream().forEach(tuning -> tuning.tune(engine));
        return engine.build();
    }
}
