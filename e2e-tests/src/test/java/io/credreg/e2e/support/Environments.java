package io.credreg.e2e.support;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts the registry once per database per test run and shares it between test classes. Only one registry runs at
 * a time: asking for another database stops the current one first (the test classes are ordered by database, see
 * {@code junit-platform.properties}). A start that failed is not retried; the next classes of that database fail at
 * once with the same cause. Everything is stopped when the test run ends (and by a shutdown hook as a backstop).
 * <p>
 * As an extension it also prints the tail of both app logs when a test fails.
 */
public final class Environments implements BeforeAllCallback, TestWatcher {

    private static RegistryEnvironment current;
    /** The registry started last, running or not: whose logs a failure report shows. */
    private static RegistryEnvironment last;
    private static final Map<Database, RuntimeException> FAILED = new EnumMap<>(Database.class);
    private static final Map<Database, org.opentest4j.TestAbortedException> SKIPPED = new EnumMap<>(Database.class);
    private static boolean hookInstalled;

    /** The running registry on {@code database}, started if need be. */
    public static synchronized RegistryEnvironment acquire(Database database) {
        RuntimeException failure = FAILED.get(database);
        if (failure != null) {
            throw new IllegalStateException("the registry on " + database.label() + " failed to start earlier: "
                    + failure.getMessage(), failure);
        }
        if (SKIPPED.containsKey(database)) {
            throw SKIPPED.get(database);
        }
        if (current != null && current.database() == database && current.isRunning()) {
            return current;
        }
        stopCurrent();
        installShutdownHook();
        try {
            current = RegistryEnvironment.start(database);
            last = current;
        } catch (org.opentest4j.TestAbortedException skipped) {
            SKIPPED.put(database, skipped);
            throw skipped;
        } catch (RuntimeException e) {
            FAILED.put(database, e);
            throw e;
        }
        return current;
    }

    /** Stops the running registry, if any (the secret-leak test stops it to scan closed files). */
    public static synchronized void stopCurrent() {
        if (current != null) {
            current.stop();
            current = null;
        }
    }

    static synchronized RegistryEnvironment current() {
        return current;
    }

    static synchronized RegistryEnvironment last() {
        return last;
    }

    private static void installShutdownHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(Environments::stopCurrent, "e2e-registry-stopper"));
            hookInstalled = true;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Stops the registry when the whole test run ends.
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(Environments.class.getName() + ".closer", k -> new Closer(), Closer.class);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        RegistryEnvironment env = last();
        if (env != null) {
            System.out.println("[e2e] " + context.getDisplayName() + " failed; app logs follow\n"
                    + env.logTails(60));
        }
    }

    private static final class Closer implements AutoCloseable {
        @Override
        public void close() {
            stopCurrent();
        }
    }
}
