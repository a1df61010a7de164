package io.credreg.command.token;

import io.credreg.api.token.TokenRole;
import io.credreg.command.validation.Patterns;
import io.credreg.platform.security.TokenTable.TokenEntry;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;
import java.time.Instant;

final class TokenRequests {

    /** A token's name is the principal recorded as the actor of everything done with it. */
    static final String NAME = "[A-Za-z0-9._@:+-]{1,128}";
    /** How long a replaced token keeps working unless the request says otherwise. */
    static final long DEFAULT_GRACE_SECONDS = 3_600;
    static final long MAX_GRACE_SECONDS = 30L * 24 * 3_600;

    private TokenRequests() {
    }

    record Issue(
            @NotNull @Pattern(regexp = NAME, message = "must be 1 to 128 of the characters A-Z a-z 0-9 . _ @ : + -") String name,
            @NotNull @Pattern(regexp = "ADMIN|AUDITOR|INSTANCE", message = "must be one of ADMIN, AUDITOR, INSTANCE") String role,
            @Pattern(regexp = Patterns.INSTANCE_ID, message = "must match " + Patterns.INSTANCE_ID) String instanceId,
            @Future(message = "must be in the future") Instant expiresAt) {

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

    /** Both fields are optional: the grace period defaults to an hour, the successor lives until revoked. */
    record Replace(
            @Min(value = 0, message = "must be between 0 and " + MAX_GRACE_SECONDS)
            @Max(value = MAX_GRACE_SECONDS, message = "must be between 0 and " + MAX_GRACE_SECONDS) Long graceSeconds,
            @Future(message = "must be in the future") Instant expiresAt) {

        Duration grace() {
            return Duration.ofSeconds(graceSeconds == null ? DEFAULT_GRACE_SECONDS : graceSeconds);
        }
    }

    record Issued(String id, String name, TokenRole role, String instanceId, Instant createdAt, Instant expiresAt,
                  String replaces, String token) {

        @Override
        public String toString() {
            return "Issued[id=" + id + ", name=" + name + ", role=" + role + "]";
        }
    }

    /** A token as listed, with whether it still works: never its value, which the registry does not have. */
    record Listed(String id, String name, TokenRole role, String instanceId, Instant createdAt, Instant revokedAt,
                  Instant expiresAt, String replacedBy, String status) {

        static Listed of(TokenEntry entry, Instant now) {
            return new Listed(entry.id(), entry.name(), entry.role(), entry.instanceId(), entry.createdAt(),
                    entry.revokedAt(), entry.expiresAt(), entry.replacedBy(), entry.status(now));
        }
    }
}
