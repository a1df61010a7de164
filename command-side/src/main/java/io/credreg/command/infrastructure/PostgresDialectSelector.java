package io.credreg.command.infrastructure;

import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.stereotype.Component;

import java.util.Map;

/** On PostgreSQL, stores Axon's binary columns as bytea (see {@link ByteaPostgreSQLDialect}). */
@Component
class PostgresDialectSelector implements HibernatePropertiesCustomizer {

    private final DataSourceProperties dataSource;

    PostgresDialectSelector(DataSourceProperties dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void customize(Map<String, Object> hibernateProperties) {
        String url = dataSource.getUrl();
        if (url != null && url.startsWith("jdbc:postgresql:")) {
            hibernateProperties.put("hibernate.dialect", ByteaPostgreSQLDialect.class.getName());
        }
    }
}
