package io.credreg.query.security;

import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.platform.events.RegistryEventTables;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Whether a token's revocation has committed, asked of the event store itself rather than of the projection: the
 * {@code api-tokens} processor reads every event in order, so under a flood of resolutions it may project a
 * revocation seconds after its commit, and a revoked token must stop on every node within a second (issue 10).
 * A token's events are its own aggregate's, so this is one lookup on the store's aggregate index, made only when
 * authentication cannot reuse a recent lookup of the token (at most one a second per token).
 */
@Component
class RevocationsInTheEventStore {

    private final JdbcTemplate jdbc;
    private final String query;

    RevocationsInTheEventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        EventSchema schema = RegistryEventTables.schema();
        this.query = "select count(*) from " + schema.domainEventTable() + " where "
                + schema.aggregateIdentifierColumn() + " = ? and " + schema.payloadTypeColumn() + " = ?";
    }

    boolean revoked(String tokenId) {
        Long found = jdbc.queryForObject(query, Long.class, tokenId, ApiTokenRevoked.class.getName());
        return found != null && found > 0;
    }
}
