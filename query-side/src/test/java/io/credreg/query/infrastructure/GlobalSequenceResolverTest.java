package io.credreg.query.infrastructure;

import io.credreg.api.credential.CredentialRenamed;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@QuerySideTest
class GlobalSequenceResolverTest {

    @Autowired
    GlobalSequenceResolver resolver;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    /** An event that fills a gap carries a token whose index is that of a later event. */
    @Test
    void gapFillingEventGetsItsOwnIndexNotTheTokens() {
        String id = UUID.randomUUID().toString();
        DomainEventMessage<?> event = new GenericDomainEventMessage<>("Credential", id, 0,
                new CredentialRenamed(id, "openai", "a", "b"));
        transactions.executeWithoutResult(status -> eventStore.publish(event));
        long stored = storedIndexOf(id);
        GapAwareTrackingToken tokenAfterLaterEvent = GapAwareTrackingToken.newInstance(stored + 40, Set.of());

        long resolved = transactions.execute(status -> resolver.sequenceOf(event, tokenAfterLaterEvent));
        long resolvedInReplay = transactions.execute(status -> resolver.sequenceOf(event,
                ReplayToken.createReplayToken(tokenAfterLaterEvent, tokenAfterLaterEvent)));

        assertThat(resolved).isEqualTo(stored);
        assertThat(resolvedInReplay).isEqualTo(stored);
    }

    @Test
    void exactTokensAreTakenAsTheyAre() {
        DomainEventMessage<?> event = new GenericDomainEventMessage<>("Credential", "any", 0, "payload");

        assertThat(resolver.sequenceOf(event, new GlobalSequenceTrackingToken(7))).isEqualTo(7);
    }

    private long storedIndexOf(String aggregateId) {
        return jdbc.queryForObject("select global_index from domain_event_entry where aggregate_identifier = ?",
                Long.class, aggregateId);
    }
}
