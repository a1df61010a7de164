package io.credreg.e2e.postgres;

import io.credreg.e2e.SecurityScenarios;
import io.credreg.e2e.support.Database;
import org.junit.jupiter.api.Order;

@Order(25)
class SecurityPostgresIT extends SecurityScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
