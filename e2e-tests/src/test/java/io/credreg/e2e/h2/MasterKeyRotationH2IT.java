package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.MasterKeyRotationScenarios;
import io.credreg.e2e.support.Database;

@Order(17)
class MasterKeyRotationH2IT extends MasterKeyRotationScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
