package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.RaceScenarios;
import io.credreg.e2e.support.Database;

@Order(13)
class RaceH2IT extends RaceScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
