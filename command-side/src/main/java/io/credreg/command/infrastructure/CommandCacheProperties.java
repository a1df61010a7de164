package io.credreg.command.infrastructure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much of the command model stays in memory.
 *
 * @param cachedCredentials credential aggregates kept in memory, so a hot credential (thousands of bindings) is not
 *                          replayed from its stream on every command
 * @param snapshotEvery     the fewest events after which a credential is snapshotted; one with more bindings than
 *                          this is snapshotted after as many events as it has bindings. Loading one after a cache
 *                          miss reads a snapshot and at most that many events, whatever the length of its stream
 */
@ConfigurationProperties("registry.command")
public record CommandCacheProperties(@DefaultValue("10000") long cachedCredentials,
                                     @DefaultValue("100") int snapshotEvery) {
}
