package io.credreg.command.token;

import io.credreg.api.token.TokenRole;
import io.credreg.command.validation.Patterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Instant;

final class TokenRequests {

    /** A token's name is the principal recorded as the actor of everything done with it. */
    static final String NAME = "[A-Za-z0-9._@:+-]{1,128}";

    private TokenRequests() {
    }

    record Issue(
            @NotNull @Pattern(regexp = NAME, message = "must be 1 to 128 of the characters A-Z a-z 0-9 . _ @ : + -") String name,
            @NotNull @Pattern(regexp = "ADMIN|AUDITOR|INSTANCE", message = "must be one of ADMIN, AUDITOR, INSTANCE") String role,
            @Pattern(regexp = Patterns.INSTANCE_ID, message = "must match " + Patterns.INSTANCE_ID) String instanceId) {

        /** An instance token is bound to exactly one instance; the other roles to none. */
        void requireInstanceMatchesRole(TokenRole role) {
            if (role == TokenRole.INSTANCE && instanceId == null) {
                throw new InvalidTokenRequestException("instanceId is required for role INSTANCE");
            }
            if (role != TokenRole.INSTANCE && instanceId != null) {
                throw new InvalidTokenRequestException("instanceId is only allowed for role INSTANCE");
            }
        }
    }

    record Issued(String id, String name, TokenRole role, String instanceId, Instant createdAt, String token) {

        @Override
        public String toString() {
            return "Issued[id=" + id + ", name=" + name + ", role=" + role + "]";
        }
    }
}
