package io.credreg.command.rule;

import java.util.Map;

/**
 * A command refused because it would break one of the registry's rules. {@code rule} names the rule (it becomes the
 * last segment of the problem type); {@code kind} says what sort of refusal it is, so that the web edge can answer
 * with the right status without knowing every feature's exceptions; {@code details} are the extra members a client
 * needs to act on the refusal. Messages never contain a secret.
 */
public abstract class RuleViolation extends RuntimeException {

    /** What sort of refusal a violation is, as a client sees it. */
    public enum Kind {
        /** The request itself is malformed for this rule. */
        INVALID,
        /** What the command names does not exist. */
        NOT_FOUND,
        /** The command clashes with the current state (the default). */
        CONFLICT,
        /** What the command names existed and is gone for good. */
        GONE,
        /** The request's precondition ({@code If-Match}) does not hold for the current state. */
        PRECONDITION_FAILED
    }

    private final Kind kind;
    private final String rule;
    private final Map<String, Object> details;

    protected RuleViolation(Kind kind, String rule, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.kind = kind;
        this.rule = rule;
        this.details = Map.copyOf(details);
    }

    protected RuleViolation(String rule, String message, Map<String, Object> details) {
        this(Kind.CONFLICT, rule, message, details);
    }

    public Kind kind() {
        return kind;
    }

    public String rule() {
        return rule;
    }

    public Map<String, Object> details() {
        return details;
    }
}
