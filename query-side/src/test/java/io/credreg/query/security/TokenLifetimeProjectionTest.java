package io.credreg.query.security;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.TokenRole;
import io.credreg.query.QuerySideTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The query side honours a token's expiry and a replacement's grace period, and a replay keeps both. */
@QuerySideTest
class TokenLifetimeProjectionTest {

    @Autowired
    TokenProjection projection;
    @Autowired
    TransactionTemplate transactions;

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
