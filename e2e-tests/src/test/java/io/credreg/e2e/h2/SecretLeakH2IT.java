package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.SecretLeakScenarios;
import io.credreg.e2e.support.Database;

@Order(19)
class SecretLeakH2IT extends SecretLeakScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
