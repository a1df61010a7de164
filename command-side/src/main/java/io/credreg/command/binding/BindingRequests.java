package io.credreg.command.binding;

import io.credreg.command.validation.Patterns;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

final class BindingRequests {

    private BindingRequests() {
    }

    record Bind(@NotNull @Pattern(regexp = Patterns.CREDENTIAL_ID, message = "must match " + Patterns.CREDENTIAL_ID)
                String credentialId) {
    }
}
