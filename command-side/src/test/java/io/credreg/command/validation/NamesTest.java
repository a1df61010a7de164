package io.credreg.command.validation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "evil\u202Etxt.exe|U+202E RIGHT-TO-LEFT OVERRIDE, a format character",
            "a\u200Bb|U+200B ZERO WIDTH SPACE, a format character",
            "line\u2028two|U+2028 LINE SEPARATOR, a line separator",
            "para\u2029two|U+2029 PARAGRAPH SEPARATOR, a paragraph separator",
            "next\u0085line|U+0085 <control-0085>, a control character",
            "tab\tname|U+0009 <control-0009>, a control character",
            "bom\uFEFF|U+FEFF ZERO WIDTH NO-BREAK SPACE, a format character",
    })
    void refusesCharactersThatReorderHideOrBreakTextNamingThem(String name, String expected) {
        assertThat(Names.problem(name)).hasValueSatisfying(problem -> assertThat(problem).contains(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00A0", "\u3164", "\u115F\u1160", " \u00A0 "})
    void refusesNamesWithNothingVisible(String name) {
        assertThat(Names.problem(name)).hasValue("must contain at least one visible character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Acme OpenAI", "Café ☕", "日本語の鍵", "عربي", "support-bot, \"main\""})
    void acceptsOrdinaryText(String name) {
        assertThat(Names.problem(name)).isEmpty();
    }

    @Test
    void normalizesToNfc() {
        assertThat(Names.normalize("Cafe\u0301")).isEqualTo("Caf\u00E9");
    }

    @Test
    void lookAlikesShareASkeletonAndDifferentNamesDoNot() {
        String key = Names.skeletonKey("Acme OpenAI");
        assertThat(Names.skeletonKey("\u0410cme OpenAI")).as("Cyrillic A").isEqualTo(key);
        assertThat(Names.skeletonKey("Acme\u00A0OpenAI")).as("non-breaking space").isEqualTo(key);
        assertThat(Names.skeletonKey(" ACME OPENAI ")).as("case and blanks").isEqualTo(key);
        assertThat(Names.skeletonKey("Acme 0penAI")).as("digit zero").isEqualTo(key);
        assertThat(Names.skeletonKey("Acme Anthropic")).isNotEqualTo(key);
        assertThat(key).matches("[0-9a-f]{64}");
    }
}
