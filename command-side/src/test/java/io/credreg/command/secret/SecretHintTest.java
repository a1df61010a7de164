package io.credreg.command.secret;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretHintTest {

    @ParameterizedTest
    @CsvSource({
            "sk-proj-abcdefghijklmnop9f3a, sk-…9f3a",
            "0123456789abcdef, 012…cdef",
            "0123456789abcde, …de",
            "01234567, …67",
            "0123456, …",
            "x, …"})
    void longSecretsShowPrefixAndSuffixShortOnesLessAndTinyOnesNothing(String secret, String hint) {
        assertThat(SecretHint.of(secret)).isEqualTo(hint);
    }

    @Test
    void aHintNeverRevealsTheSecretNorHalfOfIt() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
        for (int length = 1; length <= alphabet.length(); length++) {
            String secret = alphabet.substring(0, length);
            String hint = SecretHint.of(secret);
            int revealed = hint.replace("…", "").length();

            assertThat(hint).as("hint of a %d-character secret", length).isNotEqualTo(secret).contains("…");
            assertThat(revealed * 2).as("characters revealed of %d", length).isLessThan(length);
        }
    }

    @Test
    void charactersOutsideTheBasicPlaneAreNeverCutInHalf() {
        String secret = "🔑🔑🔑-token-value-🗝🗝";

        String hint = SecretHint.of(secret);

        assertThat(hint).isEqualTo("🔑🔑🔑…e-🗝🗝");
        assertThat(hint.codePoints().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
    }
}
