package io.credreg.platform.security;

import io.credreg.api.token.TokenRole;
import org.springframework.security.core.context.SecurityContextHolder;

import java.security.Principal;
import java.util.Optional;

/**
 * Who a request authenticated as: a token's id, name, role and (for an instance token) instance. The name is the
 * principal, recorded as the actor of every event the request causes.
 */
public record TokenPrincipal(String tokenId, String name, TokenRole role, String instanceId) implements Principal {

    /** The id the bootstrap admin token (configuration, not an issued token) goes by. */
    public static final String BOOTSTRAP_ID = "bootstrap";

    @Override
    public String getName() {
        return name;
    }

    /** The principal of the request this thread is handling, if it authenticated. */
    public static Optional<TokenPrincipal> current() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof TokenPrincipal principal
                ? Optional.of(principal) : Optional.empty();
    }

    public String describe() {
        return "token '" + name + "' (role " + role + (instanceId == null ? "" : ", instance " + instanceId) + ")";
    }
}
