package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.SecretBindingScenarios;
import io.credreg.e2e.support.Database;

@Order(18)
class SecretBindingH2IT extends SecretBindingScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
