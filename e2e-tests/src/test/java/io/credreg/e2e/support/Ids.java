package io.credreg.e2e.support;

import java.security.SecureRandom;

/** Random, distinctive names, so tests never collide with each other or with an earlier run. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private Ids() {
    }

    public static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(out);
    }

    /** An instance id such as {@code tour-a-k3j9x2}. */
    public static String instance(String prefix) {
        return prefix + "-" + random(8);
    }

    /** A credential name, unique per run. */
    public static String name(String prefix) {
        return prefix + " " + random(8);
    }

    /**
     * A fresh secret, remembered in {@link SecretLedger} so the secret-leak test looks for it too. It looks like an
     * OpenAI key and is long enough never to be found by chance.
     */
    public static String secret() {
        return SecretLedger.remember("sk-e2e" + random(6) + "-" + random(32));
    }
}
