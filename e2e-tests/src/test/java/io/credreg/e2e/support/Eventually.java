package io.credreg.e2e.support;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded polling for the eventually consistent query side: retries a block of assertions until it passes or the
 * timeout (20 s by default, {@code -Dregistry.e2e.eventually-seconds}) ends, then throws the last failure.
 */
public final class Eventually {

    public static final Duration TIMEOUT = Duration.ofSeconds(Long.getLong("registry.e2e.eventually-seconds", 20));

    private Eventually() {
    }

    public static void eventually(String what, Runnable assertions) {
        eventually(what, () -> {
            assertions.run();
            return null;
        });
    }

    public static <T> T eventually(String what, Supplier<T> assertions) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long pause = 50;
        while (true) {
            try {
                return assertions.get();
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    AssertionError failure = new AssertionError("not reached within " + TIMEOUT.toSeconds()
                            + " s: " + what + "\nlast failure: " + e.getMessage(), e);
                    throw failure;
                }
            }
            RegistryEnvironment.sleep(pause);
            pause = Math.min(pause * 2, 500);
        }
    }
}
