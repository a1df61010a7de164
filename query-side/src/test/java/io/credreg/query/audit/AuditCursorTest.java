package io.credreg.query.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class AuditCursorTest {

    @Test
    void aCursorStandsForTheSequenceItWasMadeFrom() {
        String cursor = AuditCursor.after(1_234_567L);

        assertThat(cursor).matches("[A-Za-z0-9_-]+");
        assertThat(AuditCursor.parse(cursor)).hasValue(1_234_567L);
    }

    @Test
    void anythingElseIsNoCursor() {
        assertThat(AuditCursor.parse("not base64 !")).isEmpty();
        assertThat(AuditCursor.parse(encode("1234"))).isEmpty();
        assertThat(AuditCursor.parse(encode("a1:-5"))).isEmpty();
        assertThat(AuditCursor.parse(encode("a1:99999999999999999999"))).isEmpty();
        assertThat(AuditCursor.parse("")).isEmpty();
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
