package io.credreg.command.operations;

import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What an operator sees of a running command side: health with its components, and Axon's metrics. */
class OperationsIntegrationTest extends CommandSideIntegrationTest {

    @Test
    void healthShowsTheDatabaseComponent() {
        Reply health = send("GET", "/actuator/health", null, null);

        assertThat(health.status()).as("%s", health).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void healthShowsNoDetailsToAnyoneButAnAdmin() {
        String auditor = issueToken(unique("health-auditor"), "AUDITOR", null);
        for (String authorization : new String[]{null, bearer(auditor)}) {
            Reply health = send("GET", "/actuator/health", null, null, "Authorization", authorization);

            assertThat(health.status()).as("%s", health).isEqualTo(200);
            assertThat(health.json().get("status").asString()).isEqualTo("UP");
            assertThat(health.body()).doesNotContain("components", "details", "H2", "diskSpace");
        }
    }

    @Test
    void axonMetricsArePublishedOnceACommandIsHandled() {
        String secret = newSecret();
        createCredential("openai", secret);

        List<String> names = metricNames();
        assertThat(names).contains("commandBus.successCounter", "eventStore.ingestedCounter",
                "eventProcessor.processedCounter");
        Reply handled = send("GET", "/actuator/metrics/commandBus.successCounter", null, null);
        assertThat(handled.json().get("measurements").get(0).get("value").asDouble()).isPositive();

        Reply prometheus = send("GET", "/actuator/prometheus", null, null);
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.body()).contains("commandBus_successCounter").doesNotContain(secret);
    }

    private List<String> metricNames() {
        List<String> names = new ArrayList<>();
        for (JsonNode name : send("GET", "/actuator/metrics", null, null).json().get("names")) {
            names.add(name.asString());
        }
        return names;
    }
}
