package io.credreg.query.audit;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A name cannot end its quotes, start a new line or turn text around in a summary. */
class AuditSummaryTest {

    @Test
    void aNameThatTriesToCloseItsQuotesIsEscaped() {
        String forged = "x' deleted by admin. openai key 'y";

        String summary = AuditSummary.of(created(forged, "alice"));

        assertThat(summary).isEqualTo("openai key 'x\\' deleted by admin. openai key \\'y' created by alice");
    }

    @Test
    void invisibleAndLineBreakingCharactersAreShownAsCodePoints() {
        String summary = AuditSummary.of(created("a\u202Eb\u2028c\u0085d\ne\u00A0f\\", "bob\nadmin"));

        assertThat(summary).isEqualTo("openai key 'a\\u{202E}b\\u{2028}c\\u{0085}d\\u{000A}e\\u{00A0}f\\\\' created "
                + "by bob\\u{000A}admin");
        assertThat(summary.lines()).hasSize(1);
    }

    @Test
    void ordinaryNamesReadAsBefore() {
        assertThat(AuditSummary.of(created("Café 日本 support-bot, \"main\"", "alice")))
                .isEqualTo("openai key 'Café 日本 support-bot, \"main\"' created by alice");
    }

    @Test
    void tokenNamesAreEscapedToo() {
        AuditRecord issued = new AuditRecord(2, "ApiTokenIssued", Instant.EPOCH, "admin", null, null, null, null,
                null, null, null, null, "c", "c", "t-1", "bot' revoked", "INSTANCE",
                "bootstrap", "ADMIN");

        assertThat(AuditSummary.of(issued))
                .isEqualTo("API token 'bot\\' revoked' (t-1) issued with role INSTANCE by admin");
    }

    private static AuditRecord created(String name, String actor) {
        return new AuditRecord(1, "CredentialCreated", Instant.EPOCH, actor, null, "id-1", name, "openai", null,
                null, null, null, "c", "c", null, null, null, "t-0", "ADMIN");
    }
}
