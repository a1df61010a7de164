package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.RaceScenarios;
import io.credreg.e2e.support.Database;

@Order(23)
class RacePostgresIT extends RaceScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
