package io.credreg.command.credential;

import io.credreg.command.validation.Patterns;
import io.credreg.command.validation.PlainName;
import io.credreg.platform.web.Utf8Size;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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

    record Rotate(@NotBlank @Utf8Size(max = MAX_SECRET_BYTES) String secret) {

        @Override
        public String toString() {
            return "Rotate[]";
        }
    }

    record Created(String id) {
    }

    record Renamed(String id, String name) {
    }

    record Rotated(String id, int secretVersion, String secretHint) {
    }
}
