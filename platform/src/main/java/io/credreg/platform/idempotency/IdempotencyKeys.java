package io.credreg.platform.idempotency;

import org.springframework.http.HttpStatus;

import java.util.Set;

/** The {@code Idempotency-Key} header: which requests it applies to, and what a well-formed key is. */
public final class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Stripe's limit, and enough for a UUID or a client's own composite key. */
    public static final int MAX_LENGTH = 255;
    /** The methods that change something; a key on a read is ignored, since a read is idempotent anyway. */
    public static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private IdempotencyKeys() {
    }

    /** The key as sent, or a 400 refusal when it is empty, too long or holds anything but printable ASCII. */
    public static String parse(String header) {
        if (header.isEmpty() || header.isBlank()) {
            throw invalid("the Idempotency-Key header is empty");
        }
        if (header.length() > MAX_LENGTH) {
            throw invalid("the Idempotency-Key header is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw invalid("the Idempotency-Key header may hold printable ASCII characters only, without spaces");
            }
        }
        return header;
    }

    private static IdempotencyRefusal invalid(String detail) {
        return new IdempotencyRefusal(HttpStatus.BAD_REQUEST, null, detail, null);
    }
}
