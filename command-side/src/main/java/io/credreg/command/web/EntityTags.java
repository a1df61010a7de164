package io.credreg.command.web;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * A credential's version as an HTTP entity tag: a strong tag holding the number, {@code "7"}. {@code If-Match} takes
 * exactly that form or {@code *}; anything else (a weak tag, a list, a tag that is not a version) is refused as a
 * malformed request rather than treated as a precondition that cannot hold.
 */
public final class EntityTags {

    public static final String IF_MATCH = "If-Match";

    private static final Pattern STRONG_VERSION = Pattern.compile("\"(0|[1-9][0-9]{0,17})\"");

    private EntityTags() {
    }

    /** The entity tag of a version. */
    public static String of(long version) {
        return "\"" + version + "\"";
    }

    /**
     * The version an {@code If-Match} header expects, or null where it expects none: no header, or {@code *} (the
     * credential exists, which every command checks anyway).
     */
    public static Long expectedVersion(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        String value = ifMatch.strip();
        if (value.equals("*")) {
            return null;
        }
        if (!STRONG_VERSION.matcher(value).matches()) {
            throw new MalformedIfMatchException();
        }
        return Long.parseLong(value.substring(1, value.length() - 1));
    }

    /** Refuses an {@code If-Match} sent to a command that has no one version to check it against. */
    public static void requireNone(String ifMatch, String why) {
        if (ifMatch != null) {
            throw new MalformedIfMatchException("If-Match is not supported here: " + why);
        }
    }

    /** An {@code If-Match} that is neither one strong version tag nor {@code *}, or one sent where none applies. */
    static final class MalformedIfMatchException extends RuleViolation {

        MalformedIfMatchException() {
            this("If-Match must be one strong entity tag holding a version, as the ETag sends it (\"7\"), or *");
        }

        MalformedIfMatchException(String message) {
            super(Kind.INVALID, "invalid-request", message, Map.of());
        }
    }
}
