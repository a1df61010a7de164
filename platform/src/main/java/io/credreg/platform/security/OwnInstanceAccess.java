package io.credreg.platform.security;

import io.credreg.api.token.TokenRole;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rule for paths under {@code /api/instances/{instanceId}}: an instance token reaches only the instance it is
 * bound to, and the roles a side names reach every instance. Both sides apply it, so they cannot disagree on what
 * "its own instance" means.
 */
public final class OwnInstanceAccess {

    private OwnInstanceAccess() {
    }

    public static AuthorizationManager<RequestAuthorizationContext> ownInstanceOr(TokenRole first, TokenRole... rest) {
        Set<TokenRole> everyInstance = EnumSet.of(first, rest);
        return (authentication, context) -> new AuthorizationDecision(
                authentication.get().getPrincipal() instanceof TokenPrincipal principal
                        && (everyInstance.contains(principal.role()) || principal.role() == TokenRole.INSTANCE
                        && principal.instanceId().equals(context.getVariables().get("instanceId"))));
    }
}
