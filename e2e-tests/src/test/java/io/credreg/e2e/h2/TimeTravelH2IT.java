package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.TimeTravelScenarios;
import io.credreg.e2e.support.Database;

@Order(17)
class TimeTravelH2IT extends TimeTravelScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
