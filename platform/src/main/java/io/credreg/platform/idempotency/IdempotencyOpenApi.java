package io.credreg.platform.idempotency;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import java.util.stream.Stream;

/** Describes the {@code Idempotency-Key} header on every command operation of the API description. */
class IdempotencyOpenApi {

    private IdempotencyOpenApi() {
    }

    static GlobalOpenApiCustomizer customizer() {
        return openApi -> {
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                if (!path.startsWith("/api/")) {
                    return;
                }
                Stream.of(item.getPost(), item.getPut(), item.getPatch(), item.getDelete())
                        .filter(java.util.Objects::nonNull)
                        .forEach(IdempotencyOpenApi::describe);
            });
        };
    }

    private static void describe(Operation operation) {
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> IdempotencyKeys.HEADER.equals(parameter.getName()))) {
            return;
        }
        operation.addParametersItem(new HeaderParameter().name(IdempotencyKeys.HEADER).required(false)
                .schema(new StringSchema().minLength(1).maxLength(IdempotencyKeys.MAX_LENGTH).pattern("^[!-~]+$"))
                .description("Sending the same request again with the same key (same token, within 24 hours, on any "
                        + "node) answers the original status and body and does nothing again; the same key with "
                        + "another request answers 422. See docs/decisions/0140-idempotency-keys.md."));
    }
}
