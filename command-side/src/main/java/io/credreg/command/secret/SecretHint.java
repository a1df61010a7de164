package io.credreg.command.secret;

/**
 * A masked reminder of a secret, such as {@code sk-…9f3a}. Short secrets reveal less, so that a hint never gives
 * away a meaningful share of the secret.
 */
public final class SecretHint {

    private static final String ELLIPSIS = "…";

    private SecretHint() {
    }

    public static String of(String secret) {
        int length = secret.codePointCount(0, secret.length());
        if (length >= 16) {
            return prefix(secret, 3) + ELLIPSIS + suffix(secret, 4);
        }
        if (length >= 8) {
            return ELLIPSIS + suffix(secret, 2);
        }
        return ELLIPSIS;
    }

    private static String prefix(String text, int codePoints) {
        return text.substring(0, text.offsetByCodePoints(0, codePoints));
    }

    private static String suffix(String text, int codePoints) {
        return text.substring(text.offsetByCodePoints(text.length(), -codePoints));
    }
}
