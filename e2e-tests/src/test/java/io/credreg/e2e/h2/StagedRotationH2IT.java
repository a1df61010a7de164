package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.StagedRotationScenarios;
import io.credreg.e2e.support.Database;

@Order(19)
class StagedRotationH2IT extends StagedRotationScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
