package io.credreg.query.audit;

import io.credreg.api.audit.AuditFilter;
import io.credreg.query.web.RequestPatterns;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The parameters of {@code GET /api/audit}, checked one by one so that a refusal says exactly which parameter is
 * wrong and what it should look like (400, {@code invalid-request}).
 */
record AuditRequest(AuditFilter filter, long afterSequence, int limit) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    /** The event types the log records; a type outside this list is a typo, not an empty result. */
    static final List<String> TYPES = AuditProjection.recordedTypes();
    /** The shape of a correlation id: the UUIDs the registry generates, and the ids older events carry. */
    static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int MAX_ACTOR_LENGTH = 255;

    /** A parameter sent empty ({@code ?actor=}) means "any", as in the other filters of the query API. */
    static AuditRequest parse(String credentialId, String instanceId, String actor, String type, String from,
                              String to, String limit, String cursor) {
        Instant fromInstant = instant("from", given(from));
        Instant toInstant = instant("to", given(to));
        if (fromInstant != null && toInstant != null && !fromInstant.isBefore(toInstant)) {
            throw invalid("'from' must be before 'to' ('from' is inclusive, 'to' exclusive).");
        }
        AuditFilter filter = new AuditFilter(
                matching("credentialId", given(credentialId), Pattern.compile(RequestPatterns.CREDENTIAL_ID),
                        RequestPatterns.CREDENTIAL_ID_MESSAGE),
                matching("instanceId", given(instanceId), Pattern.compile(RequestPatterns.INSTANCE_ID),
                        RequestPatterns.INSTANCE_ID_MESSAGE),
                actor(given(actor)), type(given(type)), fromInstant, toInstant);
        return new AuditRequest(filter, after(given(cursor)), limit(given(limit)));
    }

    static String given(String parameter) {
        return parameter == null || parameter.isEmpty() ? null : parameter;
    }

    static String correlationId(String correlationId) {
        if (!CORRELATION_ID.matcher(correlationId).matches()) {
            throw invalid("'correlationId' must be 1 to 128 letters, digits or . _ : -.");
        }
        return correlationId;
    }

    static ResponseStatusException invalid(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    private static String matching(String name, String value, Pattern pattern, String message) {
        if (value == null) {
            return null;
        }
        if (!pattern.matcher(value).matches()) {
            throw invalid("'" + name + "' " + message + ".");
        }
        return value;
    }

    private static String actor(String actor) {
        if (actor == null) {
            return null;
        }
        if (actor.isBlank() || actor.length() > MAX_ACTOR_LENGTH) {
            throw invalid("'actor' must be 1 to " + MAX_ACTOR_LENGTH + " characters, not blank.");
        }
        return actor;
    }

    private static String type(String type) {
        if (type == null) {
            return null;
        }
        if (!TYPES.contains(type)) {
            throw invalid("'type' must be one of " + String.join(", ", TYPES) + ".");
        }
        return type;
    }

    private static Instant instant(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant(); // accepts Z and offsets such as +02:00
        } catch (DateTimeParseException e) {
            throw invalid("'" + name + "' must be an ISO-8601 instant such as 2026-03-01T12:00:00Z.");
        }
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below, with the same words
        }
        throw invalid("'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    private static long after(String cursor) {
        if (cursor == null) {
            return 0;
        }
        OptionalLong sequence = AuditCursor.parse(cursor);
        if (sequence.isEmpty()) {
            throw invalid("'cursor' must be a 'next' value from an earlier page of /api/audit.");
        }
        return sequence.getAsLong();
    }
}
