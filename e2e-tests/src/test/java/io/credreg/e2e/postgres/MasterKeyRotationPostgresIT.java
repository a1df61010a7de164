package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.MasterKeyRotationScenarios;
import io.credreg.e2e.support.Database;

@Order(27)
class MasterKeyRotationPostgresIT extends MasterKeyRotationScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
