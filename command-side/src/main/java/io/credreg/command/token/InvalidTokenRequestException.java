package io.credreg.command.token;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

public class InvalidTokenRequestException extends RuleViolation {

    public InvalidTokenRequestException(String message) {
        super(Kind.INVALID, "invalid-request", message, Map.of());
    }
}
