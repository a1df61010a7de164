package io.credreg.platform.idempotency;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyKeysTest {

    @Test
    void printableKeysUpTo255CharactersAreAccepted() {
        for (String key : List.of("a", "0b6f1c1e-5d4b-4a55-9d8e-2f0e7f0c1b2a", "order:42/retry~1", "x".repeat(255))) {
            assertThat(IdempotencyKeys.parse(key)).isEqualTo(key);
        }
    }

    @Test
    void emptyLongAndControlCharacterKeysAreRefusedWith400() {
        for (String key : List.of("", "   ", "x".repeat(256), "a b", "tab\there", "new\nline", "nul\0", "ключ")) {
            assertThatThrownBy(() -> IdempotencyKeys.parse(key))
                    .isInstanceOfSatisfying(IdempotencyRefusal.class, refusal -> {
                        assertThat(refusal.status()).isEqualTo(HttpStatus.BAD_REQUEST);
                        assertThat(refusal.problem().getDetail()).contains("Idempotency-Key");
                    });
        }
    }

    @Test
    void aReusedKeyIsA422NamingTheKey() {
        IdempotencyRefusal reused = IdempotencyRefusal.reused("k-1");

        assertThat(reused.status().value()).isEqualTo(422);
        assertThat(reused.problem().getType().toString()).endsWith("/idempotency-key-reused");
        assertThat(reused.problem().getProperties()).containsEntry("idempotencyKey", "k-1");
    }
}
