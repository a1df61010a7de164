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
}
