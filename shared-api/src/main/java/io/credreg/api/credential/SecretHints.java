package io.credreg.api.credential;

/**
 * Masked reminders of secrets, such as {@code …9f3a}: at most the last four characters, and none at all for a secret
 * shorter than sixteen, so that a hint never narrows a guess by much. Hints recorded before this rule held more (up
 * to three leading and four trailing characters); {@link #reduce(String)} cuts such a stored hint down to what the
 * rule allows, so every reader of old events shows no more than a new hint would.
 */
public final class SecretHints {

    public static final String ELLIPSIS = "…";
    static final int MIN_SECRET_LENGTH = 16;
    static final int SHOWN = 4;

    private SecretHints() {
    }

    public static String of(String secret) {
        if (secret.codePointCount(0, secret.length()) < MIN_SECRET_LENGTH) {
            return ELLIPSIS;
        }
        return ELLIPSIS + suffix(secret);
    }

    /**
     * A stored hint as the rule allows it today: only the trailing characters of a hint that showed four, nothing of
     * one that showed fewer (it came from a secret shorter than sixteen characters).
     */
    public static String reduce(String storedHint) {
        if (storedHint == null) {
            return null;
        }
        int ellipsis = storedHint.lastIndexOf(ELLIPSIS);
        String shownTail = ellipsis < 0 ? storedHint : storedHint.substring(ellipsis + ELLIPSIS.length());
        if (shownTail.codePointCount(0, shownTail.length()) < SHOWN) {
            return ELLIPSIS;
        }
        return ELLIPSIS + suffix(shownTail);
    }

    private static String suffix(String text) {
        return text.substring(text.offsetByCodePoints(text.length(), -SHOWN));
    }
}
