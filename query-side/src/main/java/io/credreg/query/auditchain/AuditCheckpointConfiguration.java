package io.credreg.query.auditchain;

import io.credreg.platform.config.RegistryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** The checkpoint signer and its schedule ({@code registry.audit.checkpoints.interval}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
class AuditCheckpointConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpointConfiguration.class);

    @Bean
    AuditCheckpoints auditCheckpoints(JdbcTemplate jdbc, AuditChainProperties chain,
                                      AuditCheckpointProperties settings, RegistryProperties registry) {
        return new AuditCheckpoints(jdbc, new ChainFold(jdbc, chain.auditVerifyBatchSize()),
                CheckpointKey.of(settings.signingKey(), registry.dataDir()), Clock.systemUTC());
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService auditCheckpointSchedule() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> new Thread(runnable, "audit-checkpoints"));
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> signCheckpointsRegularly(ScheduledExecutorService auditCheckpointSchedule,
                                                                       AuditCheckpoints checkpoints,
                                                                       AuditCheckpointProperties settings) {
        return ready -> {
            long every = settings.interval().toMillis();
            if (every > 0) {
                auditCheckpointSchedule.scheduleWithFixedDelay(() -> {
                    try {
                        checkpoints.checkpoint();
                    } catch (RuntimeException e) {
                        log.warn("No audit checkpoint signed: {}", e.getMessage());
                    }
                }, every, every, TimeUnit.MILLISECONDS);
            }
        };
    }
}
