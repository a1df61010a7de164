package io.credreg.platform.security;

import io.credreg.api.token.TokenRole;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An instance token reaches only its own instance; the roles a side names reach every instance. */
class OwnInstanceAccessTest {

    private final AuthorizationManager<RequestAuthorizationContext> adminOnly =
            OwnInstanceAccess.ownInstanceOr(TokenRole.ADMIN);
    private final AuthorizationManager<RequestAuthorizationContext> adminOrAuditor =
            OwnInstanceAccess.ownInstanceOr(TokenRole.ADMIN, TokenRole.AUDITOR);

    @Test
    void anInstanceTokenReachesItsOwnInstanceOnly() {
        Authentication bot = token(TokenRole.INSTANCE, "bot-1");
        assertThat(granted(adminOnly, bot, "bot-1")).isTrue();
        assertThat(granted(adminOnly, bot, "bot-2")).isFalse();
        assertThat(granted(adminOrAuditor, bot, "bot-2")).isFalse();
    }

    @Test
    void theNamedRolesReachEveryInstance() {
        assertThat(granted(adminOnly, token(TokenRole.ADMIN, null), "bot-2")).isTrue();
        assertThat(granted(adminOrAuditor, token(TokenRole.AUDITOR, null), "bot-2")).isTrue();
        assertThat(granted(adminOnly, token(TokenRole.AUDITOR, null), "bot-2")).isFalse();
    }

    @Test
    void anythingButARegistryTokenIsRefused() {
        assertThat(granted(adminOnly, new TestingAuthenticationToken("someone", "x"), "bot-1")).isFalse();
    }

    private static Authentication token(TokenRole role, String instanceId) {
        return new TestingAuthenticationToken(new TokenPrincipal("t-1", "name", role, instanceId), null);
    }

    private static boolean granted(AuthorizationManager<RequestAuthorizationContext> rule, Authentication who,
                                   String instanceId) {
        RequestAuthorizationContext context = new RequestAuthorizationContext(new MockHttpServletRequest(),
                Map.of("instanceId", instanceId));
        return rule.authorize(() -> who, context).isGranted();
    }
}
