package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.AuditScenarios;
import io.credreg.e2e.support.Database;

@Order(15)
class AuditH2IT extends AuditScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
