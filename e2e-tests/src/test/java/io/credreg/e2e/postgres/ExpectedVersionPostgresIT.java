package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ExpectedVersionScenarios;
import io.credreg.e2e.support.Database;

@Order(29)
class ExpectedVersionPostgresIT extends ExpectedVersionScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
