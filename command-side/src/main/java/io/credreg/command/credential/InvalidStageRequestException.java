package io.credreg.command.credential;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** A staged rotation's fields that do not fit together (400). */
public class InvalidStageRequestException extends RuleViolation {

    public InvalidStageRequestException(String message) {
        super(Kind.INVALID, "invalid-request", message, Map.of());
    }
}
