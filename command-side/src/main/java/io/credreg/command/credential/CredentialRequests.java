package io.credreg.command.credential;

import io.credreg.command.validation.Patterns;
import io.credreg.command.validation.PlainName;
import io.credreg.platform.web.Utf8Size;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/** The bodies the credential endpoints accept; their toString never shows a secret. */
final class CredentialRequests {

    static final int MAX_SECRET_BYTES = 8 * 1024;

    private CredentialRequests() {
    }

    record Create(
            @NotBlank @Size(max = 200) @PlainName String name,
            @NotNull @Pattern(regexp = Patterns.PROVIDER, message = "must match " + Patterns.PROVIDER) String provider,
            @NotBlank @Utf8Size(max = MAX_SECRET_BYTES) String secret) {

        @Override
        public String toString() {
            return "Create[name=" + name + ", provider=" + provider + "]";
        }
    }

    record Rename(
            @NotBlank @Size(max = 200) @PlainName String name) {
    }

    /** The longest grace or promotion delay a staged rotation accepts: 30 days. */
    static final long MAX_STAGE_SECONDS = 30L * 24 * 3600;

    /**
     * A rotation; with {@code "stage": "pending"} a staged one (decision 0210): {@code promote} is {@code manual} (the
     * default), {@code when-all-resolved} or {@code after} (with {@code promoteAfterSeconds}), and
     * {@code graceSeconds} how long the replaced version stays resolvable after the promotion.
     */
    record Rotate(@NotBlank @Utf8Size(max = MAX_SECRET_BYTES) String secret,
                  @Pattern(regexp = "pending", message = "must be \"pending\" or absent") String stage,
                  @Pattern(regexp = "manual|when-all-resolved|after",
                          message = "must be one of manual, when-all-resolved, after") String promote,
                  @PositiveOrZero @Max(MAX_STAGE_SECONDS) Long promoteAfterSeconds,
                  @PositiveOrZero @Max(MAX_STAGE_SECONDS) Long graceSeconds) {

        boolean staged() {
            return stage != null;
        }

        @Override
        public String toString() {
            return "Rotate[stage=" + stage + ", promote=" + promote + "]";
        }
    }

    record Created(String id) {
    }

    record Renamed(String id, String name) {
    }

    record Rotated(String id, int secretVersion, String secretHint) {
    }

    record Staged(String id, int secretVersion, Integer pendingVersion, String secretHint) {
    }

    record Promoted(String id, int secretVersion, Integer pendingVersion) {
    }
}
