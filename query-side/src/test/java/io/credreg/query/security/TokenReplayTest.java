package io.credreg.query.security;

import io.credreg.api.EventMetadata;
import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.ApiTokens;
import io.credreg.api.token.TokenRole;
import io.credreg.query.QuerySideTest;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A replay of {@code api-tokens} never lets a revoked token authenticate, not even while it runs. */
@QuerySideTest
class TokenReplayTest {

    @Autowired
    TokenProjection projection;
    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;

    /** The order a replay delivers them in: the reset, the issue, and only later the revocation. */
    @Test
    void aRevokedTokenStaysRevokedBetweenTheResetAndItsRevocation() {
        String token = ApiTokens.generate();
        String id = UUID.randomUUID().toString();
        ApiTokenIssued issued = new ApiTokenIssued(id, "replayed", TokenRole.ADMIN, null, ApiTokens.hash(token));
        transactions.executeWithoutResult(s -> {
            projection.on(issued, Instant.now());
            projection.on(new ApiTokenRevoked(id, "leaked"), Instant.now());
        });
        assertThat(projection.activeByHash(ApiTokens.hash(token))).isEmpty();

        transactions.executeWithoutResult(s -> {
            projection.reset();
            projection.on(issued, Instant.now());
        });

        assertThat(projection.activeByHash(ApiTokens.hash(token))).isEmpty();
    }

    @Test
    void noRevokedTokenAuthenticatesWhileTheProcessorReplays() throws Exception {
        List<String> revoked = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            revoked.add(issueAndRevoke());
        }
        String last = revoked.get(revoked.size() - 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from qr_api_token where token_hash = ? and revoked_at is not null", Integer.class,
                ApiTokens.hash(last)) == 1);

        mvc.perform(post("/api/admin/processors/api-tokens/replay")).andExpect(status().isAccepted());
        List<Integer> statuses = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        do {
            for (String token : List.of(revoked.get(0), revoked.get(100), last)) {
                statuses.add(mvc.perform(get("/api/credentials").header(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                        .andReturn().getResponse().getStatus());
            }
        } while (replaying() && System.nanoTime() < deadline);

        assertThat(replaying()).as("the replay ends").isFalse();
        assertThat(statuses).isNotEmpty().containsOnly(401);
        assertThat(jdbc.queryForObject("select count(*) from qr_api_token where token_hash = ? and revoked_at is null",
                Integer.class, ApiTokens.hash(last))).isZero();
    }

    private boolean replaying() throws Exception {
        String listing = mvc.perform(get("/api/admin/processors")).andReturn().getResponse().getContentAsString();
        List<Object> replaying = com.jayway.jsonpath.JsonPath.read(listing,
                "$[?(@.name == 'api-tokens' && (@.replaying == true || @.lag != 0))]");
        return !replaying.isEmpty();
    }

    private String issueAndRevoke() {
        String token = ApiTokens.generate();
        String id = UUID.randomUUID().toString();
        append(id, 0, new ApiTokenIssued(id, "replay-" + id.substring(0, 8), TokenRole.ADMIN, null,
                ApiTokens.hash(token)));
        append(id, 1, new ApiTokenRevoked(id, "leaked"));
        return token;
    }

    private void append(String id, long sequence, Object payload) {
        MetaData metaData = MetaData.with(EventMetadata.ACTOR, "admin").and(EventMetadata.CORRELATION_ID, id);
        transactions.executeWithoutResult(status -> eventStore.publish(
                new GenericDomainEventMessage<>("ApiToken", id, sequence, payload, metaData)));
    }
}
