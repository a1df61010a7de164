package io.credreg.query.security;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.TokenRole;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query side honours a token's expiry, a replacement's grace period and a revocation committed but not yet
 * projected, and a replay keeps them.
 */
@QuerySideTest
class TokenLifetimeProjectionTest {

    @Autowired
    TokenProjection projection;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    EventStore eventStore;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRevocationInTheEventStoreStopsTheTokenBeforeItIsProjected() {
        String token = ApiTokens.generate();
        ApiTokenIssued issued = issued(token, null);
        transactions.executeWithoutResult(s -> projection.on(issued, Instant.now()));
        assertThat(projection.activeByHash(ApiTokens.hash(token))).isPresent();

        transactions.executeWithoutResult(s -> eventStore.publish(new GenericDomainEventMessage<>("ApiToken",
                issued.tokenId(), 0, new ApiTokenRevoked(issued.tokenId(), issued.name()))));
        // the processor projects it in time; undone, the table is as a processor behind the store would leave it
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "select count(*) from qr_api_token where token_id = ? and revoked_at is not null", Long.class,
                issued.tokenId()) == 1);
        jdbc.update("update qr_api_token set revoked_at = null where token_id = ?", issued.tokenId());

        assertThat(projection.activeByHash(ApiTokens.hash(token))).isEmpty();
    }

    @Test
    void anExpiredTokenDoesNotAuthenticate() {
        String live = ApiTokens.generate();
        String expired = ApiTokens.generate();
        transactions.executeWithoutResult(s -> {
            projection.on(issued(live, Instant.now().plusSeconds(60)), Instant.now());
            projection.on(issued(expired, Instant.now().minusSeconds(1)), Instant.now().minusSeconds(60));
        });

        assertThat(projection.activeByHash(ApiTokens.hash(live))).isPresent();
        assertThat(projection.activeByHash(ApiTokens.hash(expired))).isEmpty();
    }

    @Test
    void aReplacedTokenStopsWhenItsGracePeriodEndsAndAReplayDoesNotReviveIt() {
        String old = ApiTokens.generate();
        ApiTokenIssued oldIssued = issued(old, null);
        String successor = ApiTokens.generate();
        ApiTokenIssued successorIssued = new ApiTokenIssued(UUID.randomUUID().toString(), oldIssued.name(),
                TokenRole.AUDITOR, null, ApiTokens.hash(successor), null);
        transactions.executeWithoutResult(s -> {
            projection.on(oldIssued, Instant.now());
            projection.on(new ApiTokenReplaced(oldIssued.tokenId(), oldIssued.name(), successorIssued.tokenId(),
                    Instant.now().plusSeconds(60)));
            projection.on(successorIssued, Instant.now());
        });
        assertThat(projection.activeByHash(ApiTokens.hash(old))).as("in its grace period").isPresent();
        assertThat(projection.activeByHash(ApiTokens.hash(successor))).isPresent();

        ApiTokenReplaced ended = new ApiTokenReplaced(oldIssued.tokenId(), oldIssued.name(),
                successorIssued.tokenId(), Instant.now().minusSeconds(1));
        transactions.executeWithoutResult(s -> projection.on(ended));
        assertThat(projection.activeByHash(ApiTokens.hash(old))).as("after its grace period").isEmpty();

        // a replay delivers the issue again: the retirement already recorded stays
        transactions.executeWithoutResult(s -> {
            projection.reset();
            projection.on(oldIssued, Instant.now());
        });
        assertThat(projection.activeByHash(ApiTokens.hash(old))).isEmpty();
        assertThat(projection.activeByHash(ApiTokens.hash(successor))).isPresent();
    }

    private static ApiTokenIssued issued(String token, Instant expiresAt) {
        String id = UUID.randomUUID().toString();
        return new ApiTokenIssued(id, "t-" + id.substring(0, 8), TokenRole.AUDITOR, null, ApiTokens.hash(token),
                expiresAt);
    }
}
