package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.TimeTravelScenarios;
import io.credreg.e2e.support.Database;

@Order(27)
class TimeTravelPostgresIT extends TimeTravelScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
