package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ExpectedVersionScenarios;
import io.credreg.e2e.support.Database;

@Order(19)
class ExpectedVersionH2IT extends ExpectedVersionScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
