package io.credreg.e2e.postgres;

import org.junit.jupiter.api.Order;

import io.credreg.e2e.SecretBindingScenarios;
import io.credreg.e2e.support.Database;

@Order(28)
class SecretBindingPostgresIT extends SecretBindingScenarios {
    @Override
    protected Database database() {
        return Database.POSTGRES;
    }
}
