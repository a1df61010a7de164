package io.credreg.platform.persistence;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Pins H2's bind address to loopback before anything loads H2: with {@code AUTO_SERVER=TRUE} the process that opens
 * the database file first starts a TCP server for the other process, and H2 binds it to every interface unless the
 * system property {@code h2.bindAddress} names one. H2 reads that property once, when its {@code SysProperties} class
 * loads, so it is set here, at the very start of every application (and of the import command), and again by every
 * piece of the registry's own code that opens H2 ({@link #apply()}). An operator's own {@code -Dh2.bindAddress} is
 * left alone; {@link #requireLoopback()} refuses to open an auto-server database on a non-loopback address.
 */
public class EmbeddedDatabaseBindAddress implements EnvironmentPostProcessor, Ordered {

    public static final String PROPERTY = "h2.bindAddress";
    public static final String LOOPBACK = "127.0.0.1";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        apply();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** Sets {@code h2.bindAddress=127.0.0.1} unless it is set already. */
    public static void apply() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PROPERTY) == null) {
                System.setProperty(PROPERTY, LOOPBACK);
            }
        }
    }

    /**
     * Fails unless the bind address H2 actually uses is a loopback address: H2 may have been loaded before
     * {@link #apply()} ran, or the property may name another interface. Does nothing when H2 is absent.
     */
    public static void requireLoopback() {
        apply();
        String effective;
        try {
            Field field = Class.forName("org.h2.engine.SysProperties", true,
                    EmbeddedDatabaseBindAddress.class.getClassLoader()).getField("BIND_ADDRESS");
            effective = (String) field.get(null);
        } catch (ClassNotFoundException e) {
            return;
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("cannot check the bind address of H2's auto-server", e);
        }
        if (!isLoopback(effective)) {
            throw new IllegalStateException("H2's auto-server would listen on "
                    + (effective == null || effective.isEmpty() ? "every interface" : effective)
                    + ", open to other hosts: start the JVM with -D" + PROPERTY + "=" + LOOPBACK);
        }
    }

    static boolean isLoopback(String address) {
        if (address == null || address.isBlank()) {
            return false;
        }
        try {
            for (InetAddress resolved : InetAddress.getAllByName(address.strip())) {
                if (!resolved.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
