package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.IdempotencyScenarios;
import io.credreg.e2e.support.Database;

@Order(19)
class IdempotencyH2IT extends IdempotencyScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
