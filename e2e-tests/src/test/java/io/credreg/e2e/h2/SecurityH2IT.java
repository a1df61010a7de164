package io.credreg.e2e.h2;

import io.credreg.e2e.SecurityScenarios;
import io.credreg.e2e.support.Database;
import org.junit.jupiter.api.Order;

@Order(15)
class SecurityH2IT extends SecurityScenarios {
    @Override
    protected Database database() {
        return Database.H2;
    }
}
