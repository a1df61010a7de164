package io.credreg.e2e.support;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Every secret the tests of this run sent (through {@link Ids#secret()}): none may ever be found at rest. */
public final class SecretLedger {

    private static final Set<String> SECRETS = new LinkedHashSet<>();

    private SecretLedger() {
    }

    public static synchronized String remember(String secret) {
        SECRETS.add(secret);
        return secret;
    }

    public static synchronized List<String> all() {
        return List.copyOf(SECRETS);
    }
}
