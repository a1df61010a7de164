package io.credreg.e2e.h2;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.ReadmeTourScenarios;
import io.credreg.e2e.support.Database;

/** First of the H2 classes: it runs a registry of its own before the shared one starts. */
@Order(10)
class ReadmeTourH2IT extends ReadmeTourScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
