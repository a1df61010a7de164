package io.credreg.query.admin;

import io.credreg.query.web.ConflictException;
import io.credreg.query.web.NotFoundException;
import io.credreg.platform.web.ProblemType;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

import java.util.Arrays;
import java.util.List;

/**
 * Processors that the token store still knows but this node does not run: the old version of a projection after a
 * blue-green rebuild, left behind by the release that replaced it. Listing them tells an operator what is left to
 * clean up; retiring one deletes its tokens, which is only allowed once no live node claims any of its segments.
 */
@Service
class RetiredProcessors {

    private static final Logger LOG = LoggerFactory.getLogger(RetiredProcessors.class);

    private final EventProcessingConfiguration processing;
    private final TokenStore tokenStore;
    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;

    RetiredProcessors(EventProcessingConfiguration processing, TokenStore tokenStore, TransactionManager transactions,
                      JdbcTemplate jdbc) {
        this.processing = processing;
        this.tokenStore = tokenStore;
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    List<ProcessorView> list() {
        // Axon's token store has no query for processor names; the table is Axon's, the schema ours (Flyway V1).
        return jdbc.queryForList("select distinct processor_name from token_entry order by processor_name",
                        String.class).stream()
                .filter(name -> !runsHere(name))
                .map(this::describe)
                .toList();
    }

    /**
     * Deletes every token of a retired processor. Each segment is claimed first, the way a processor would claim it,
     * so a segment that a live node of the old release still processes refuses the whole retirement.
     */
    void retire(String name) {
        if (runsHere(name)) {
            throw new ConflictException(ProblemType.PROCESSOR_ACTIVE, "Processor '" + name + "' runs on this node;"
                    + " it is retired by deploying a release without it, then retiring it here.");
        }
        try {
            transactions.executeInTransaction(() -> {
                int[] segments = tokenStore.fetchSegments(name);
                if (segments.length == 0) {
                    throw new NotFoundException("No retired event processor named '" + name + "' is known.");
                }
                for (int segment : segments) {
                    tokenStore.fetchToken(name, segment);
                    tokenStore.deleteToken(name, segment);
                }
            });
        } catch (UnableToClaimTokenException claimedElsewhere) {
            throw new ConflictException(ProblemType.SEGMENTS_CLAIMED_ELSEWHERE, "A live node still processes "
                    + "segments of processor '" + name + "'; stop the nodes of the old release first.");
        }
        LOG.info("Retired processor [{}]: its tokens are deleted", name);
    }

    private boolean runsHere(String name) {
        return processing.eventProcessor(name).isPresent();
    }

    private ProcessorView describe(String name) {
        int[] segments = transactions.fetchInTransaction(() -> tokenStore.fetchSegments(name));
        return new ProcessorView(name, ProcessorView.RETIRED, false, null, null,
                Arrays.stream(segments).boxed().toList(), null, null);
    }
}
