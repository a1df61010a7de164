package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ReadmeTourScenarios;
import io.credreg.e2e.support.Database;

/** First of the PostgreSQL classes: it runs a registry of its own before the shared one starts. */
@Order(20)
class ReadmeTourPostgresIT extends ReadmeTourScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
