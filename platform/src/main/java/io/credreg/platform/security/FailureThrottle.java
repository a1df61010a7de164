package io.credreg.platform.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed authentications per client address in a fixed window; an address with more than {@code limit}
 * failures in one window is blocked until the window ends. Successful requests are never counted or blocked. Kept
 * in the shared module (plain JDK) so that both sides throttle alike.
 */
public final class FailureThrottle {

    private record Window(Instant start, int failures) {
    }

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public FailureThrottle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Records a failure of this address. */
    public void failed(String address) {
        Instant now = clock.instant();
        windows.compute(address, (key, current) -> current == null || expired(current, now)
                ? new Window(now, 1) : new Window(current.start(), current.failures() + 1));
        if (windows.size() > 10_000) {
            windows.values().removeIf(w -> expired(w, now)); // bounded memory under a spray of addresses
        }
    }

    /** How long this address must still wait, if it is blocked. */
    public Optional<Duration> blockedFor(String address) {
        Instant now = clock.instant();
        Window current = windows.get(address);
        if (current == null || expired(current, now) || current.failures() <= limit) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, current.start().plus(window)));
    }

    private boolean expired(Window w, Instant now) {
        return !now.isBefore(w.start().plus(window));
    }
}
