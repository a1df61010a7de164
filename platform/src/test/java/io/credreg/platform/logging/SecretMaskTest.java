package io.credreg.platform.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SecretMaskTest {

    private final SecretMask mask = new SecretMask();

    @ParameterizedTest
    @ValueSource(strings = {
            "sk-proj-Xy12ab34CD56ef78GH90ij",
            "sk-ant-api03-AbCdEfGh12345678",
            "app-8fQk2LmN9pRs4TuV",
            "ghp_1234567890abcdefghijABCDEFGHIJ123456",
            "xoxb-123456789012-abcdefghij",
            "AKIAIOSFODNN7EXAMPLE",
            "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl",
            "q3J9k2LmN8pRs4TuVwXyZ0aBcDeFgHiJkLmNoPqRsT0=",
            "0123456789abcdef0123456789abcdef0123456789abcdef"})
    void secretLookingTokensAreMaskedInAnyContext(String secret) {
        String line = "2026-01-01 WARN [r-1] failed for value " + secret + " in request";
        String masked = mask.mask(line);
        assertThat(masked).doesNotContain(secret).contains(SecretMask.MASK).startsWith("2026-01-01 WARN [r-1] failed");
        // a secret cut short (in a log that truncates) is still masked by its shape
        assertThat(mask.mask(secret + "\n")).doesNotContain(secret);
    }

    /** The registry's own tokens: {@code crt_} and 43 base64url characters, any of which may be '-' or '_'. */
    @ParameterizedTest
    @ValueSource(strings = {"ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz", "0123456789", "-_"})
    void everyRegistryTokenIsMaskedWhateverCharactersItHolds(String alphabetPart) {
        for (char c : alphabetPart.toCharArray()) {
            String same = String.valueOf(c).repeat(43);
            String first = c + "aB3".repeat(14);
            String last = "aB3".repeat(14) + c;
            String middle = "aB3".repeat(7) + c + "aB3".repeat(7);
            String hyphens = "ab-cd_E1".repeat(5) + c + "-Z";
            for (String body : new String[]{same, first, last, middle, hyphens}) {
                String token = "crt_" + body;
                for (String line : new String[]{"presented " + token + " twice", token, "x=" + token + ",",
                        "(" + token + ")", "\"" + token + "\""}) {
                    assertThat(mask.mask(line)).as(line).doesNotContain(body).doesNotContain(body.substring(4));
                }
            }
        }
    }

    @Test
    void generatedRegistryTokensAreAlwaysMasked() {
        for (int i = 0; i < 2_000; i++) {
            String token = io.credreg.api.token.ApiTokens.generate();
            assertThat(mask.mask("rejected " + token + " from 10.0.0.1")).as(token)
                    .isEqualTo("rejected crt_" + SecretMask.MASK + " from 10.0.0.1");
        }
    }

    @Test
    void bearerAndBasicCredentialsAreMasked() {
        assertThat(mask.mask("Authorization: Bearer abc.def-ghi_jkl"))
                .doesNotContain("abc.def-ghi_jkl").contains("Bearer ****");
        assertThat(mask.mask("header authorization=Basic dXNlcjpwYXNz")).doesNotContain("dXNlcjpwYXNz");
        assertThat(mask.mask("bearer   tok3n-value")).isEqualTo("bearer   ****");
    }

    @Test
    void namedSecretsAreMaskedWhateverTheirShape() {
        assertThat(mask.mask("{\"name\":\"Main\",\"secret\":\"hunter2\"}"))
                .doesNotContain("hunter2").contains("\"name\":\"Main\"");
        assertThat(mask.mask("password=short1 user=bob")).isEqualTo("password=**** user=bob");
        assertThat(mask.mask("api_key: abcd")).doesNotContain("abcd");
        assertThat(mask.mask("REGISTRY_MASTER_KEY=AAAAAAAAAAAAAAAA")).doesNotContain("AAAAAAAAAAAAAAAA");
    }

    @Test
    void ordinaryLogContentStaysReadable() {
        String line = "2026-11-26T14:39:50.152Z  WARN [883f3454-ed89-4505-b0f9-e81740bad875] 6794 --- "
                + "[command-side] [io-36769-exec-1] o.s.web.servlet.PageNotFound : Request method 'DELETE' is not "
                + "supported; credential 1f432a98-5646-46c9-86db-46891061910c bound to acme/openai.default "
                + "org.axonframework.eventhandling.AbstractSequencedDomainEventEntry secretHint=sk-…9f3a";
        assertThat(mask.mask(line)).isEqualTo(line.replace("secretHint=sk-…9f3a", "secretHint=sk-…9f3a"));
    }

    @Test
    void extraPatternsExtendTheDefaults() {
        SecretMask extended = new SecretMask("acme_[a-z0-9]{6,} ;; internal-[0-9]{4}");
        assertThat(extended.mask("token acme_abcdef123 and internal-1234 and internal-12"))
                .isEqualTo("token **** and **** and internal-12");
        assertThat(new SecretMask("  ").mask("acme_abcdef123")).isEqualTo("acme_abcdef123");
    }
}
