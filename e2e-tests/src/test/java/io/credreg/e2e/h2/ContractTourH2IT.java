package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ContractTourScenarios;
import io.credreg.e2e.support.Database;

@Order(11)
class ContractTourH2IT extends ContractTourScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
