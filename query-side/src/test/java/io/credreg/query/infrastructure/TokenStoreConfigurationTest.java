package io.credreg.query.infrastructure;

import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Query-side processes that start together all try to initialize a new processor's segments. Each does what Axon's
 * pooled coordinator does (look, initialize when empty, swallow a failure, commit) and none may fail to commit.
 */
@QuerySideTest
class TokenStoreConfigurationTest {

    private static final int STARTING_PROCESSES = 6;
    private static final int ROUNDS = 30;
    private static final int SEGMENTS = 2;

    @Autowired
    TokenStore tokenStore;
    @Autowired
    PlatformTransactionManager transactionManager;
    @Autowired
    DataSource dataSource;

    @Test
    void concurrentSegmentInitializationsLeaveEveryStarterAbleToCommit() throws Exception {
        ExecutorService starters = Executors.newFixedThreadPool(STARTING_PROCESSES);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                String processor = "token-race-" + round;
                CyclicBarrier together = new CyclicBarrier(STARTING_PROCESSES);
                List<Future<?>> starts = new ArrayList<>();
                for (int p = 0; p < STARTING_PROCESSES; p++) {
                    starts.add(starters.submit(() -> {
                        together.await();
                        initializeLikeTheCoordinator(processor);
                        return null;
                    }));
                }
                for (Future<?> start : starts) {
                    start.get(); // rethrows a failed commit
                }
                int[] segments = new TransactionTemplate(transactionManager)
                        .execute(status -> tokenStore.fetchSegments(processor));
                assertThat(segments)
                        .as("segments of %s", processor)
                        .containsExactly(0, 1);
            }
        } finally {
            starters.shutdownNow();
            // these processors exist in no release: left behind, they would be listed as retired by other tests
            new JdbcTemplate(dataSource).update("delete from token_entry where processor_name like 'token-race-%'");
        }
    }

    private void initializeLikeTheCoordinator(String processor) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            int[] segments = tokenStore.fetchSegments(processor);
            try {
                if (segments.length == 0) {
                    tokenStore.initializeTokenSegments(processor, SEGMENTS, null);
                }
            } catch (Exception concurrentInitialization) {
                // the coordinator logs this and retries later
            }
        });
    }
}
