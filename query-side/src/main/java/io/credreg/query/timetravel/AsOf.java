package io.credreg.query.timetravel;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads the {@code at} parameter: an ISO-8601 instant, not in the future. */
final class AsOf {

    private static final int ECHOED_LENGTH = 64;

    private AsOf() {
    }

    static Instant parse(String at, Clock clock) {
        Instant instant = instantOf(at);
        Instant now = clock.instant();
        if (instant.isAfter(now)) {
            throw badRequest("'at' must not be in the future: " + instant + " is after the current time " + now
                    + "; what is true then is not known yet.");
        }
        return instant;
    }

    private static Instant instantOf(String at) {
        String text = at == null ? "" : at.trim();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw badRequest("'at' must be an ISO-8601 instant with a time zone, such as 2026-11-24T14:00:00Z"
                        + " or 2026-11-24T15:00:00+01:00; got '" + abbreviate(text) + "'.");
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= ECHOED_LENGTH ? text : text.substring(0, ECHOED_LENGTH) + "…";
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }
}
