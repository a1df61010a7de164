package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.StagedRotationScenarios;
import io.credreg.e2e.support.Database;

@Order(29)
class StagedRotationPostgresIT extends StagedRotationScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
