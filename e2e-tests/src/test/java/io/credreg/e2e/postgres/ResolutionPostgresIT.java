package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ResolutionScenarios;
import io.credreg.e2e.support.Database;

@Order(24)
class ResolutionPostgresIT extends ResolutionScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
