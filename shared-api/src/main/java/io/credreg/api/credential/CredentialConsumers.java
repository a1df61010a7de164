package io.credreg.api.credential;

import java.util.List;

/** The answer to {@link FindCredentialConsumers}. */
public record CredentialConsumers(List<CredentialConsumer> items) {
}
