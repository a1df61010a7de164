package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.SecretLeakScenarios;
import io.credreg.e2e.support.Database;

@Order(29)
class SecretLeakPostgresIT extends SecretLeakScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
