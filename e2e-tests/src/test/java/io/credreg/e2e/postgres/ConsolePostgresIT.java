package io.credreg.e2e.postgres;

import io.credreg.e2e.ConsoleScenarios;
import io.credreg.e2e.support.Database;
import org.junit.jupiter.api.Order;

@Order(28)
class ConsolePostgresIT extends ConsoleScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
