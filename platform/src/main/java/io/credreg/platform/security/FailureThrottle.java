package io.credreg.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Counts failed authentications per client address in a fixed window; an address with more than {@code limit}
 * failures in one window is blocked until the window ends. Successful requests are never counted or blocked.
 * <p>
 * The windows live in a bounded Caffeine cache whose entries expire when their window ends: a spray of addresses
 * costs constant time per failure and bounded memory (the least useful windows are evicted first, so an address that
 * keeps failing keeps its window), instead of a scan of every tracked address.
 */
public final class FailureThrottle {

    /** Enough for every client of a registry; beyond it the least frequently failing addresses are forgotten. */
    public static final long DEFAULT_MAX_ADDRESSES = 50_000;

    private record Window(Instant start, int failures) {
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Cache<String, Window> windows;

    public FailureThrottle(int limit, Duration window, Clock clock) {
        this(limit, window, clock, DEFAULT_MAX_ADDRESSES);
    }

    public FailureThrottle(int limit, Duration window, Clock clock, long maxAddresses) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
        this.windows = Caffeine.newBuilder()
                .maximumSize(maxAddresses)
                .expireAfter(Expiry.creating((String address, Window w) -> remaining(w, clock.instant())))
                .ticker(() -> clock.instant().toEpochMilli() * 1_000_000L) // the throttle's clock, also in tests
                .executor(Runnable::run) // maintenance on the calling thread: nothing pending, tests see the bound
                .build();
    }

    /** Records a failure of this address. */
    public void failed(String address) {
        Instant now = clock.instant();
        // a window that ends is evicted by its expiry, so a present one is current; a count only replaces it
        windows.asMap().compute(address, (key, current) -> current == null || expired(current, now)
                ? new Window(now, 1) : new Window(current.start(), current.failures() + 1));
    }

    /** How long this address must still wait, if it is blocked. */
    public Optional<Duration> blockedFor(String address) {
        Instant now = clock.instant();
        Window current = windows.getIfPresent(address);
        if (current == null || expired(current, now) || current.failures() <= limit) {
            return Optional.empty();
        }
        return Optional.of(remaining(current, now));
    }

    /** How many addresses are tracked now (after pending maintenance). */
    long tracked() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    private Duration remaining(Window w, Instant now) {
        return Duration.between(now, w.start().plus(window));
    }

    private boolean expired(Window w, Instant now) {
        return !now.isBefore(w.start().plus(window));
    }
}
