package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ValidationScenarios;
import io.credreg.e2e.support.Database;

@Order(22)
class ValidationPostgresIT extends ValidationScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
