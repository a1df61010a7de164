package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ResolutionScenarios;
import io.credreg.e2e.support.Database;

@Order(14)
class ResolutionH2IT extends ResolutionScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
