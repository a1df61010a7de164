package io.credreg.command.token;

import io.credreg.api.token.ApiTokenIssued;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.api.token.IssueApiToken;
import io.credreg.api.token.RevokeApiToken;
import io.credreg.api.token.TokenRole;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
}
