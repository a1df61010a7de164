package io.credreg.query.audit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The opaque {@code next} cursor: the global sequence of the last entry a page showed, base64url-encoded with a
 * version prefix. The log is ordered by that sequence and new events only extend it, so the page after a cursor is
 * the same whatever arrives in between (see {@link AuditWatermark} for why nothing can land below it).
 */
final class AuditCursor {

    private static final String PREFIX = "a1:";
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");

    private AuditCursor() {
    }

    static String after(long sequence) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + sequence).getBytes(StandardCharsets.US_ASCII));
    }

    /** The sequence a cursor stands for, or empty if it is not a cursor this API handed out. */
    static OptionalLong parse(String cursor) {
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException notBase64) {
            return OptionalLong.empty();
        }
        if (!decoded.startsWith(PREFIX) || !DIGITS.matcher(decoded.substring(PREFIX.length())).matches()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(decoded.substring(PREFIX.length())));
    }
}
