package io.credreg.platform.persistence;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The data directory and the embedded database closed to other local users (decision 100), for both sides and the
 * import command: see {@link EmbeddedDatabaseGuard}; and the embedded database writing each commit before it is
 * answered ({@link EmbeddedDatabaseDurability}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass(DataSourceProperties.class)
public class EmbeddedDatabaseAutoConfiguration {

    @Bean
    static EmbeddedDatabaseGuard embeddedDatabaseGuard(Environment environment) {
        return new EmbeddedDatabaseGuard(environment);
    }

    @Bean
    static EmbeddedDatabaseDurability embeddedDatabaseDurability() {
        return new EmbeddedDatabaseDurability();
    }

    @Bean
    static DataDirectoryCheck dataDirectoryCheckAfterStart(EmbeddedDatabaseGuard guard) {
        return new DataDirectoryCheck(guard);
    }

    /** Once started: tightens what H2 created meanwhile, and says in one line what the start tightened. */
    static final class DataDirectoryCheck implements ApplicationListener<ApplicationReadyEvent> {

        private final EmbeddedDatabaseGuard guard;

        DataDirectoryCheck(EmbeddedDatabaseGuard guard) {
            this.guard = guard;
        }

        @Override
        public void onApplicationEvent(ApplicationReadyEvent event) {
            guard.afterStart();
        }
    }
}
