package io.credreg.command.token;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.ApiTokenReplaced;
import io.credreg.api.token.IssueApiToken;
import io.credreg.api.token.ReplaceApiToken;
import io.credreg.api.token.RevokeApiToken;
import io.credreg.api.token.TokenRole;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

class ApiTokenAggregateTest {

    private static final String ID = "tok-1";
    private static final ApiTokenIssued ISSUED = new ApiTokenIssued(ID, "acme-bot", TokenRole.INSTANCE, "acme",
            "sha256:abc");

    private AggregateTestFixture<ApiToken> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiToken.class);
        fixture.registerInjectableResource(org.mockito.Mockito.mock(TokenDirectory.class));
        fixture.registerCommandTargetResolver(new ApiTokenTargetResolver());
    }

    @Test
    void issuingRecordsTheHashNameRoleAndInstance() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiToken(ID, "acme-bot", TokenRole.INSTANCE, "acme", "sha256:abc"))
                .expectEvents(ISSUED);
    }

    @Test
    void revokingRecordsTheRevocation() {
        fixture.given(ISSUED)
                .when(new RevokeApiToken(ID))
                .expectEvents(new ApiTokenRevoked(ID, "acme-bot"));
    }

    @Test
    void revokingTwiceRecordsNothingMore() {
        fixture.given(ISSUED, new ApiTokenRevoked(ID, "acme-bot"))
                .when(new RevokeApiToken(ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void issuingWithAnExpiryRecordsIt() {
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        fixture.givenNoPriorActivity()
                .when(new IssueApiToken(ID, "acme-bot", TokenRole.INSTANCE, "acme", "sha256:abc", expiry))
                .expectEvents(new ApiTokenIssued(ID, "acme-bot", TokenRole.INSTANCE, "acme", "sha256:abc", expiry));
    }

    @Test
    void replacingRetiresTheTokenAndIssuesItsSuccessorUnderTheSameNameRoleAndInstance() {
        Instant retires = fixture.currentTime().plusSeconds(3_600);
        Instant successorExpiry = fixture.currentTime().plusSeconds(86_400);
        fixture.given(ISSUED)
                .when(new ReplaceApiToken(ID, "tok-2", "sha256:def", retires, successorExpiry))
                .expectEvents(new ApiTokenReplaced(ID, "acme-bot", "tok-2", retires),
                        new ApiTokenIssued("tok-2", "acme-bot", TokenRole.INSTANCE, "acme", "sha256:def",
                                successorExpiry));
    }

    @Test
    void aTokenIsReplacedOnlyOnce() {
        Instant retires = fixture.currentTime().plusSeconds(60);
        fixture.given(ISSUED, new ApiTokenReplaced(ID, "acme-bot", "tok-2", retires))
                .when(new ReplaceApiToken(ID, "tok-3", "sha256:ghi", retires, null))
                .expectException(TokenNotReplaceableException.class)
                .expectExceptionMessage("token tok-1 cannot be replaced: it has already been replaced by tok-2")
                .expectNoEvents();
    }

    @Test
    void aRevokedTokenCannotBeReplaced() {
        fixture.given(ISSUED, new ApiTokenRevoked(ID, "acme-bot"))
                .when(new ReplaceApiToken(ID, "tok-2", "sha256:def", fixture.currentTime().plusSeconds(60), null))
                .expectException(TokenNotReplaceableException.class)
                .expectExceptionMessage("token tok-1 cannot be replaced: it has been revoked")
                .expectNoEvents();
    }

    @Test
    void anExpiredTokenCannotBeReplaced() {
        Instant expired = fixture.currentTime().minusSeconds(1);
        fixture.given(new ApiTokenIssued(ID, "acme-bot", TokenRole.INSTANCE, "acme", "sha256:abc", expired))
                .when(new ReplaceApiToken(ID, "tok-2", "sha256:def", fixture.currentTime().plusSeconds(60), null))
                .expectException(TokenNotReplaceableException.class)
                .expectExceptionMessage("token tok-1 cannot be replaced: it expired at " + expired)
                .expectNoEvents();
    }

    @Test
    void aReplacedTokenCanStillBeRevokedDuringItsGracePeriod() {
        fixture.given(ISSUED, new ApiTokenReplaced(ID, "acme-bot", "tok-2", fixture.currentTime().plusSeconds(60)))
                .when(new RevokeApiToken(ID))
                .expectEvents(new ApiTokenRevoked(ID, "acme-bot"));
    }
}
