package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ValidationScenarios;
import io.credreg.e2e.support.Database;

@Order(12)
class ValidationH2IT extends ValidationScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
