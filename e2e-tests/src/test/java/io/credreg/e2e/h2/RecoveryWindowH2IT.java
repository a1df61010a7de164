package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.RecoveryWindowScenarios;
import io.credreg.e2e.support.Database;

@Order(17)
class RecoveryWindowH2IT extends RecoveryWindowScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
