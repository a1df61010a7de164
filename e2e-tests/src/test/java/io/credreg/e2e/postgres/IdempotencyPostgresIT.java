package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.IdempotencyScenarios;
import io.credreg.e2e.support.Database;

@Order(29)
class IdempotencyPostgresIT extends IdempotencyScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
