package io.credreg.command.infrastructure;

import io.credreg.platform.ids.StrongRandom;
import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class StrongRandomTest {

    @Test
    void uuidsAreRandomVersionFourWithTheIetfVariant() {
        UUID uuid = StrongRandom.uuid();

        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(UUID.fromString(uuid.toString())).isEqualTo(uuid);
    }

    @Test
    void threadsNeverDrawTheSameIds() throws InterruptedException {
        Set<UUID> seen = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        for (int thread = 0; thread < 8; thread++) {
            threads.submit(() -> {
                for (int i = 0; i < 20_000; i++) {
                    seen.add(StrongRandom.uuid());
                }
            });
        }
        threads.shutdown();
        assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(seen).hasSize(8 * 20_000);
    }

    @Test
    void axonTakesItsMessageIdsFromHere() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(StrongRandomIdentifierFactory.class);
        assertThat(UUID.fromString(IdentifierFactory.getInstance().generateIdentifier()).version()).isEqualTo(4);
    }
}
