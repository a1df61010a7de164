package io.credreg.command.infrastructure;

import io.credreg.platform.ids.StrongRandom;
import org.axonframework.common.IdentifierFactory;

/**
 * Axon's message identifiers (two or three per command) from {@link StrongRandom} instead of {@code
 * UUID.randomUUID()}. Axon finds it through {@code META-INF/services/org.axonframework.common.IdentifierFactory}.
 */
public final class StrongRandomIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return StrongRandom.uuid().toString();
    }
}
