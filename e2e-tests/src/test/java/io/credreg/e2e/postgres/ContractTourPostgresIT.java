package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ContractTourScenarios;
import io.credreg.e2e.support.Database;

@Order(21)
class ContractTourPostgresIT extends ContractTourScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
