package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ImportEvolutionScenarios;
import io.credreg.e2e.support.Database;

@Order(23)
class ImportEvolutionPostgresIT extends ImportEvolutionScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
