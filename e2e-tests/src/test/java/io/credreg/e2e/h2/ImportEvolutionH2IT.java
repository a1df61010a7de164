package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ImportEvolutionScenarios;
import io.credreg.e2e.support.Database;

@Order(13)
class ImportEvolutionH2IT extends ImportEvolutionScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
