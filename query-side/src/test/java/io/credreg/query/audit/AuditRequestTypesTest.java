package io.credreg.query.audit;

import org.axonframework.eventhandling.EventHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit {@code type} filter accepts every type the audit projection records, and only those. */
class AuditRequestTypesTest {

    /** Every event type the projection handles, read independently of the production code's derivation. */
    static List<String> recordedTypes() {
        return Arrays.stream(AuditProjection.class.getDeclaredMethods())
                .filter(method -> method.isAnnotationPresent(EventHandler.class))
                .map(method -> method.getParameterTypes()[0].getSimpleName()).sorted().toList();
    }

    @ParameterizedTest
    @MethodSource("recordedTypes")
    void everyRecordedTypeIsAFilter(String type) {
        AuditRequest request = AuditRequest.parse(null, null, null, type, null, null, null, null);

        assertThat(request.filter().type()).isEqualTo(type);
    }

    @Test
    void theLogRecordsTokensAndResolutionsToo() {
        assertThat(recordedTypes()).contains("SecretResolved", "ApiTokenIssued", "ApiTokenRevoked");
        assertThat(AuditRequest.TYPES).containsExactlyInAnyOrderElementsOf(recordedTypes());
    }
}
