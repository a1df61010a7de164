package io.credreg.platform.persistence;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Selects {@link ByteaPostgreSQLDialect} on PostgreSQL only, so that H2 keeps its own dialect and Axon's payload
 * columns never become PostgreSQL large objects.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration")
@ConditionalOnClass(HibernatePropertiesCustomizer.class)
public class PostgresDialectSelector {

    static final String DIALECT = "hibernate.dialect";

    @Bean
    HibernatePropertiesCustomizer postgresByteaDialect(Environment environment) {
        String url = environment.getProperty("spring.datasource.url", "");
        return properties -> {
            if (url.startsWith("jdbc:postgresql:")) {
                properties.put(DIALECT, ByteaPostgreSQLDialect.class.getName());
            }
        };
    }
}
