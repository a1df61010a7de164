package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.HostileInputScenarios;
import io.credreg.e2e.support.Database;

@Order(16)
class HostileInputH2IT extends HostileInputScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
