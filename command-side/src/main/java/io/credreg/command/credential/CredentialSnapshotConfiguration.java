package io.credreg.command.credential;

import io.credreg.command.infrastructure.CommandCacheProperties;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CredentialSnapshotConfiguration {

    /** Bounds what a cache miss replays; see {@link BindingSizedSnapshots}. */
    @Bean
    SnapshotTriggerDefinition credentialSnapshotTrigger(Snapshotter snapshotter, CommandCacheProperties cache) {
        return new BindingSizedSnapshots(snapshotter, cache.snapshotEvery());
    }
}
