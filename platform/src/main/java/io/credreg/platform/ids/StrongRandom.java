package io.credreg.platform.ids;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Cryptographically strong random bytes and (version 4) UUIDs from one generator per thread. {@code new
 * SecureRandom()} and {@link UUID#randomUUID()} draw from the JVM-wide native generator behind one lock; under load,
 * request threads queued on that lock for tens of milliseconds whenever its holder was descheduled. A DRBG per thread,
 * seeded by the JVM's entropy source, is as unpredictable and never contended.
 */
public final class StrongRandom {

    private static final ThreadLocal<SecureRandom> GENERATOR = ThreadLocal.withInitial(StrongRandom::newGenerator);

    private StrongRandom() {
    }

    public static void fill(byte[] bytes) {
        GENERATOR.get().nextBytes(bytes);
    }

    public static UUID uuid() {
        byte[] bytes = new byte[16];
        fill(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static SecureRandom newGenerator() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no DRBG SecureRandom", e);
        }
    }
}
