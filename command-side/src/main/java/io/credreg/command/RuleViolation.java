package io.credreg.command;

import java.util.Map;

/**
 * A command refused because it would break one of the registry's rules. {@code rule} names the rule (it becomes the
 * last segment of the problem type); {@code details} are the extra members a client needs to act on the refusal.
 * Messages never contain a secret.
 */
public abstract class RuleViolation extends RuntimeException {

    private final String rule;
    private final Map<String, Object> details;

    protected RuleViolation(String rule, String message, Map<String, Object> details) {
        super(message, null, false, false);
        this.rule = rule;
        this.details = Map.copyOf(details);
    }

    protected RuleViolation(String rule, String message) {
        this(rule, message, Map.of());
    }

    public String rule() {
        return rule;
    }

    public Map<String, Object> details() {
        return details;
    }
}
