package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.AuditScenarios;
import io.credreg.e2e.support.Database;

@Order(25)
class AuditPostgresIT extends AuditScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
