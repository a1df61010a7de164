package io.credreg.e2e.h2;

import io.credreg.e2e.ConsoleScenarios;
import io.credreg.e2e.support.Database;
import org.junit.jupiter.api.Order;

@Order(18)
class ConsoleH2IT extends ConsoleScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
