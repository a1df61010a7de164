package io.credreg.platform.idempotency;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Idempotency keys, for an application that declares an {@link IdempotencyPolicy} (the command side): the handler
 * adapter that answers keyed requests, the store, and the purge of keys older than the retention. The purge is one
 * delete by age, so every node may run it at any time.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
        "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration"})
@ConditionalOnBean(IdempotencyPolicy.class)
@EnableConfigurationProperties(IdempotencyProperties.class)
public class IdempotencyAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyAutoConfiguration.class);

    @Bean
    IdempotencyStore idempotencyStore(JdbcTemplate jdbc) {
        return new IdempotencyStore(jdbc);
    }

    @Bean
    IdempotentRequests idempotentRequests(IdempotencyStore store, PlatformTransactionManager transactionManager,
                                          IdempotencyPolicy policy) {
        return new IdempotentRequests(store, transactionManager, policy);
    }

    @Bean
    WebMvcRegistrations idempotentHandlerAdapter(ObjectProvider<IdempotentRequests> idempotent) {
        return new WebMvcRegistrations() {
            @Override
            public RequestMappingHandlerAdapter getRequestMappingHandlerAdapter() {
                return new IdempotentHandlerAdapter(idempotent);
            }
        };
    }

    /** The header in the API description of every command operation. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(GlobalOpenApiCustomizer.class)
    static class Description {
        @Bean
        GlobalOpenApiCustomizer idempotencyKeyHeader() {
            return IdempotencyOpenApi.customizer();
        }
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService idempotencyKeyPurge(IdempotencyStore store, IdempotencyProperties properties) {
        CustomizableThreadFactory threads = new CustomizableThreadFactory("idempotency-purge-");
        threads.setDaemon(true);
        ScheduledExecutorService purge = Executors.newSingleThreadScheduledExecutor(threads);
        long every = properties.purgeInterval().toMillis();
        purge.scheduleWithFixedDelay(() -> {
            try {
                int purged = store.purgeClaimedBefore(Instant.now().minus(properties.retention()));
                if (purged > 0) {
                    log.info("Forgot {} idempotency keys older than {}", purged, properties.retention());
                }
            } catch (RuntimeException e) {
                log.warn("Purging old idempotency keys failed; the next run tries again: {}", e.toString());
            }
        }, every, every, TimeUnit.MILLISECONDS);
        return purge;
    }
}
