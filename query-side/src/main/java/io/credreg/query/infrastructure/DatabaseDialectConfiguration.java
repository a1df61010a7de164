package io.credreg.query.infrastructure;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Selects {@link ByteaPostgreSQLDialect} on PostgreSQL only, so that H2 keeps its own dialect and Axon's payload
 * columns never become PostgreSQL large objects.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseDialectConfiguration {

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
