package io.credreg.query.audit;

import io.credreg.api.EventMetadata;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watermark's judgement of a gap, on the real event store: a rolled-back append leaves its global index unused.
 * Global indexes follow commit order (decision 0120), so that gap is final at once, however young the event after it
 * and whatever its clock said; an index that holds an event is no gap.
 */
@QuerySideTest
class AuditWatermarkGapTest {

    @Autowired
    AuditWatermark watermark;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aGapIsFinalAtOnceWhateverTheClocksSay() {
        rolledBackAppend();
        long afterOldGap = append(Instant.parse("2020-01-01T00:00:00Z"));
        rolledBackAppend();
        long afterYoungGap = append(Instant.now());

        long oldGap = afterOldGap - 1;
        long youngGap = afterYoungGap - 1;
        assertThat(eventsAt(oldGap)).as("the rolled-back append left index %d unused", oldGap).isZero();
        assertThat(eventsAt(youngGap)).as("the rolled-back append left index %d unused", youngGap).isZero();
        assertThat(watermark.abandoned(oldGap)).isTrue();
        assertThat(watermark.abandoned(youngGap)).as("no transaction can still commit it").isTrue();
        assertThat(watermark.abandoned(afterOldGap)).as("an index that holds an event is no gap").isFalse();
        assertThat(watermark.abandoned(afterYoungGap)).as("an index that holds an event is no gap").isFalse();
    }

    private void rolledBackAppend() {
        transactions.executeWithoutResult(status -> {
            eventStore.publish(message(Instant.now())); // persisting draws the index from the sequence
            status.setRollbackOnly();
        });
    }

    private long append(Instant at) {
        GenericDomainEventMessage<?> message = message(at);
        transactions.executeWithoutResult(status -> eventStore.publish(message));
        Long index = jdbc.queryForObject("select global_index from domain_event_entry where event_identifier = ?",
                Long.class, message.getIdentifier());
        return index == null ? -1 : index;
    }

    private long eventsAt(long index) {
        Long count = jdbc.queryForObject("select count(*) from domain_event_entry where global_index = ?",
                Long.class, index);
        return count == null ? -1 : count;
    }

    private static GenericDomainEventMessage<?> message(Instant at) {
        String id = UUID.randomUUID().toString();
        return new GenericDomainEventMessage<>("Credential", id, 0, new CredentialRenamed(id, "openai", "a", "b"),
                MetaData.with(EventMetadata.ACTOR, "gap-test"), UUID.randomUUID().toString(), at);
    }
}
