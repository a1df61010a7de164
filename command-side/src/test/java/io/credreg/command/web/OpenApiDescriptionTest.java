package io.credreg.command.web;

import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The API description tells Swagger UI that every call takes a bearer token (platform's OpenApiAutoConfiguration). */
class OpenApiDescriptionTest extends CommandSideIntegrationTest {

    @Test
    void everyCallNeedsABearerToken() {
        Reply description = send("GET", "/v3/api-docs", null, null);

        assertThat(description.status()).isEqualTo(200);
        assertThat(description.json().at("/components/securitySchemes/bearer/scheme").asString()).isEqualTo("bearer");
        assertThat(description.json().at("/security/0/bearer").isArray()).isTrue();
    }

    @Test
    void everyCommandDescribesTheIdempotencyKeyHeader() {
        Reply description = send("GET", "/v3/api-docs", null, null);

        for (String pointer : new String[] {"/paths/~1api~1tokens/post", "/paths/~1api~1credentials~1{id}/delete",
                "/paths/~1api~1instances~1{instanceId}~1settings~1{settingKey}/put"}) {
            boolean described = false;
            for (var parameter : description.json().at(pointer + "/parameters")) {
                described |= parameter.get("name").asString().equals("Idempotency-Key")
                        && parameter.get("in").asString().equals("header");
            }
            assertThat(described).as(pointer).isTrue();
        }
        for (var parameter : description.json().at("/paths/~1api~1tokens/get/parameters")) {
            assertThat(parameter.get("name").asString()).isNotEqualTo("Idempotency-Key");
        }
    }
}
