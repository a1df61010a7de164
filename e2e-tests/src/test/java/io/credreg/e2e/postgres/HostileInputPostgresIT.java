package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.HostileInputScenarios;
import io.credreg.e2e.support.Database;

@Order(26)
class HostileInputPostgresIT extends HostileInputScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
