package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.RecoveryWindowScenarios;
import io.credreg.e2e.support.Database;

@Order(27)
class RecoveryWindowPostgresIT extends RecoveryWindowScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
