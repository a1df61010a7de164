package io.credreg.command.credential;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The recovery window of deleted credentials (decision 0200).
 *
 * @param defaultDays  the window a deletion gets when the request names none; 0 shreds at once, as before 0200
 * @param purgeEnabled whether this node's poller purges credentials whose window has ended (every node may: the
 *                     aggregate accepts one purge per credential)
 * @param purgeInterval how often the poller looks for credentials whose window has ended
 * @param purgeBatch   at most this many purges per poll
 * @param day          how long one day of a window lasts: 24 hours; shorter only in tests and drills, so that a
 *                     window ends while one watches
 */
@ConfigurationProperties("registry.credentials.recovery-window")
public record RecoveryWindowProperties(@DefaultValue("7") int defaultDays,
                                       @DefaultValue("true") boolean purgeEnabled,
                                       @DefaultValue("1m") Duration purgeInterval,
                                       @DefaultValue("100") int purgeBatch,
                                       @DefaultValue("1d") Duration day) {

    /** The longest window a deletion may ask for. */
    public static final int MAX_DAYS = 30;

    /** How long a window of {@code days} days lasts. */
    public Duration window(int days) {
        return day.multipliedBy(days);
    }

    public RecoveryWindowProperties {
        if (defaultDays < 0 || defaultDays > MAX_DAYS) {
            throw new IllegalArgumentException("registry.credentials.recovery-window.default-days must be within 0.."
                    + MAX_DAYS + ", not " + defaultDays);
        }
        if (purgeInterval.isNegative() || purgeInterval.isZero() || purgeBatch < 1 || day.isNegative() || day.isZero()) {
            throw new IllegalArgumentException("the purge interval, batch and day length must be positive");
        }
    }
}
