package io.credreg.platform.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The throttle's memory is bounded and its windows expire, whatever a spray of addresses does. */
class FailureThrottleTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void aSprayOfAddressesWithinOneWindowStaysBounded() {
        FailureThrottle throttle = new FailureThrottle(3, Duration.ofMinutes(1), clock, 1_000);

        for (int i = 0; i < 20_000; i++) {
            throttle.failed("10.%d.%d.%d".formatted(i >> 16 & 255, i >> 8 & 255, i & 255));
        }

        assertThat(throttle.tracked()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void anAddressThatKeepsFailingStaysBlockedWhileOthersSpray() {
        FailureThrottle throttle = new FailureThrottle(3, Duration.ofMinutes(1), clock, 1_000);
        for (int i = 0; i < 20_000; i++) {
            throttle.failed("192.0.2.1");
            throttle.failed("10.%d.%d.%d".formatted(i >> 16 & 255, i >> 8 & 255, i & 255));
        }

        assertThat(throttle.blockedFor("192.0.2.1")).contains(Duration.ofMinutes(1));
    }

    @Test
    void windowsExpireAndAreForgotten() {
        FailureThrottle throttle = new FailureThrottle(3, Duration.ofMinutes(1), clock);
        for (int i = 0; i < 5; i++) {
            throttle.failed("192.0.2.1");
        }
        clock.advance(Duration.ofSeconds(20));
        throttle.failed("192.0.2.2");
        assertThat(throttle.blockedFor("192.0.2.1")).contains(Duration.ofSeconds(40));

        clock.advance(Duration.ofSeconds(40));

        assertThat(throttle.blockedFor("192.0.2.1")).isEmpty();
        assertThat(throttle.tracked()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(20));
        assertThat(throttle.tracked()).isZero();
        throttle.failed("192.0.2.1");
        assertThat(throttle.blockedFor("192.0.2.1")).isEmpty(); // a new window starts at one failure
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
