package io.credreg.command.credential;

import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Names that lie are refused with the character that makes them lie; look-alikes count as duplicates. */
class CredentialNamesIntegrationTest extends CommandSideIntegrationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "invoice\u202Efdp.exe|U+202E RIGHT-TO-LEFT OVERRIDE",
            "two\u2028lines|U+2028 LINE SEPARATOR",
            "two\u2029paragraphs|U+2029 PARAGRAPH SEPARATOR",
            "next\u0085line|U+0085",
            "\u200B\u200C\u200D|U+200B ZERO WIDTH SPACE",
            "\u3164|must contain at least one visible character",
    })
    void aNameThatLiesIsRefusedNamingTheCharacterAndLeavesNoEvent(String name, String detail) {
        long before = eventRowCount();
        String id = createCredential("openai", newSecret());

        Reply created = create(name, "openai", newSecret());
        Reply renamed = patch("/api/credentials/" + id, json("name", name));

        for (Reply refused : new Reply[]{created, renamed}) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(400);
            assertThat(refused.json().get("type").asString()).endsWith("/invalid-request");
            assertThat(refused.json().get("detail").asString()).contains("'name' ", detail);
        }
        assertThat(eventRowCount()).as("only the setup's creation").isEqualTo(before + 1);
    }

    @Test
    void aLookAlikeNameIsADuplicate() {
        String suffix = unique("");
        String first = createCredentialNamed("Acme OpenAI " + suffix);

        Reply cyrillic = create("\u0410cme OpenAI " + suffix, "openai", newSecret());
        Reply noBreakSpace = create("Acme\u00A0OpenAI " + suffix, "openai", newSecret());
        String other = createCredentialNamed("Globex " + suffix);
        Reply renamed = patch("/api/credentials/" + other, json("name", "Acme 0penAI " + suffix));

        for (Reply duplicate : new Reply[]{cyrillic, noBreakSpace, renamed}) {
            assertThat(duplicate.status()).as("%s", duplicate).isEqualTo(409);
            assertThat(duplicate.json().get("type").asString()).endsWith("/duplicate-name");
            assertThat(duplicate.json().get("existingCredentialId").asString()).isEqualTo(first);
        }
    }

    @Test
    void aNameIsStoredInNfc() {
        String decomposed = "Cafe\u0301 " + unique("");
        Reply created = create(decomposed, "openai", newSecret());

        assertThat(created.status()).isEqualTo(201);
        assertThat(eventsOf(created.json().get("id").asString()).get(0).getPayload().toString())
                .contains("Caf\u00E9 ").doesNotContain("Cafe\u0301");
    }

    private String createCredentialNamed(String name) {
        Reply reply = create(name, "openai", newSecret());
        assertThat(reply.status()).as("%s", reply).isEqualTo(201);
        return reply.json().get("id").asString();
    }
}
