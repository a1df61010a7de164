package io.credreg.api.credential;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretHintsTest {

    @ParameterizedTest
    @CsvSource({
            "sk-proj-abcdefghijklmnop9f3a, …9f3a",
            "0123456789abcdef, …cdef",
            "0123456789abcde, …",
            "01234567, …",
            "x, …"})
    void longSecretsShowTheirLastFourCharactersShortOnesNothing(String secret, String hint) {
        assertThat(SecretHints.of(secret)).isEqualTo(hint);
    }

    @Test
    void aHintNeverShowsMoreThanFourCharacters() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-_";
        for (int length = 1; length <= alphabet.length(); length++) {
            String secret = alphabet.substring(0, length);
            String shown = SecretHints.of(secret).replace(SecretHints.ELLIPSIS, "");

            assertThat(shown.length()).as("characters shown of %d", length).isLessThanOrEqualTo(length < 16 ? 0 : 4);
            assertThat(secret).endsWith(shown);
        }
    }

    @Test
    void charactersOutsideTheBasicPlaneAreNeverCutInHalf() {
        String hint = SecretHints.of("🔑🔑🔑-token-value-🗝🗝");

        assertThat(hint).isEqualTo("…e-🗝🗝");
        assertThat(hint.codePoints().noneMatch(c -> Character.isSurrogate((char) c))).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "sk-…9f3a, …9f3a",
            "012…cdef, …cdef",
            "…de, …",
            "…, …",
            "…9f3a, …9f3a"})
    void storedHintsOfTheOldRuleAreReducedToTheNewOne(String stored, String reduced) {
        assertThat(SecretHints.reduce(stored)).isEqualTo(reduced);
    }

    @Test
    void reducingIsIdempotentAndKeepsAbsentHintsAbsent() {
        assertThat(SecretHints.reduce(SecretHints.reduce("🔑🔑🔑…e-🗝🗝"))).isEqualTo("…e-🗝🗝");
        assertThat(SecretHints.reduce(null)).isNull();
    }
}
