package io.credreg.query.infrastructure;

import io.credreg.query.QuerySideTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** When a projection may skip its lookup: only for what cannot be stored yet, and only within one batch. */
@QuerySideTest
class NewEntriesTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transactions;

    NewEntries newEntries;
    String credential;
    AtomicInteger highestQueries = new AtomicInteger();

    @BeforeEach
    void setUp() {
        jdbc.execute("create table if not exists test_entry (global_sequence bigint primary key, "
                + "credential_id varchar(64))");
        jdbc.execute("create index if not exists ix_test_entry_credential on test_entry "
                + "(credential_id, global_sequence)");
        newEntries = new NewEntries(countingQueries(), "test_entry");
        credential = UUID.randomUUID().toString();
    }

    @Test
    void aboveTheHighestStoredSequenceOfTheCredentialIsNewAndAtOrBelowItIsNotKnown() {
        store(credential, 1_000_500);

        List<Boolean> answers = inOneBatch(() -> List.of(newEntries.certainlyNew(credential, 1_000_501),
                newEntries.certainlyNew(credential, 1_000_500), newEntries.certainlyNew(credential, 1_000_499)));

        assertThat(answers).containsExactly(true, false, false);
        assertThat(highestQueries).as("the table is asked once per credential and batch").hasValue(1);
    }

    @Test
    void aCredentialWithNothingStoredHasOnlyNewEntries() {
        assertThat(inOneBatch(() -> List.of(newEntries.certainlyNew(credential, 1)))).containsExactly(true);
    }

    @Test
    void whatTheBatchWroteIsNoLongerNew() {
        List<Boolean> answers = inOneBatch(() -> {
            List<Boolean> seen = new ArrayList<>(List.of(newEntries.certainlyNew(credential, 2_000_010)));
            newEntries.written(credential, 2_000_010);
            seen.add(newEntries.certainlyNew(credential, 2_000_010));
            seen.add(newEntries.certainlyNew(credential, 2_000_011));
            return seen;
        });

        assertThat(answers).containsExactly(true, false, true);
    }

    @Test
    void aWriteBeforeTheTableWasAskedSetsNoMark() {
        store(credential, 3_000_020);

        List<Boolean> answers = inOneBatch(() -> {
            newEntries.written(credential, 3_000_010);
            return List.of(newEntries.certainlyNew(credential, 3_000_015));
        });

        assertThat(answers).as("the stored 3_000_020 still counts").containsExactly(false);
    }

    @Test
    void theMarkEndsWithItsBatch() {
        assertThat(inOneBatch(() -> List.of(newEntries.certainlyNew(credential, 4_000_001)))).containsExactly(true);
        store(credential, 4_000_005);

        assertThat(inOneBatch(() -> List.of(newEntries.certainlyNew(credential, 4_000_003)))).containsExactly(false);
        assertThat(highestQueries).hasValue(2);
    }

    @Test
    void withoutACredentialOrATransactionNothingIsKnownToBeNew() {
        assertThat(inOneBatch(() -> List.of(newEntries.certainlyNew(null, 5_000_000)))).containsExactly(false);
        assertThat(newEntries.certainlyNew(credential, 5_000_000)).isFalse();
        assertThat(highestQueries).hasValue(0);
    }

    @Test
    void theHighestSequenceIsReadFromOneIndexEntryHoweverLongTheCredentialsHistory() throws Exception {
        for (long sequence = 6_000_001; sequence <= 6_002_000; sequence++) {
            store(credential, sequence);
        }
        store(UUID.randomUUID().toString(), 6_002_001);

        assertThat(inOneBatch(() -> List.of(newEntries.certainlyNew(credential, 6_002_000),
                newEntries.certainlyNew(credential, 6_002_001)))).containsExactly(false, true);
        try (Connection connection = jdbc.getDataSource().getConnection()) {
            assumeTrue(connection.getMetaData().getDatabaseProductName().equals("H2"), "the plan is H2's");
        }
        String plan = jdbc.queryForObject("explain analyze " + newEntries.highestQuery(), String.class, credential);
        assertThat(plan).as("a max() with a condition scanned all 2,000 entries").contains("scanCount: 1 */");
    }

    private List<Boolean> inOneBatch(java.util.function.Supplier<List<Boolean>> batch) {
        return transactions.execute(status -> batch.get());
    }

    private void store(String credentialId, long sequence) {
        jdbc.update("insert into test_entry (global_sequence, credential_id) values (?, ?)", sequence, credentialId);
    }

    private JdbcTemplate countingQueries() {
        return new JdbcTemplate(jdbc.getDataSource()) {
            @Override
            public <T> List<T> queryForList(String sql, Class<T> elementType, Object... args) {
                highestQueries.incrementAndGet();
                return super.queryForList(sql, elementType, args);
            }
        };
    }
}
