package io.credreg.command.token;

import io.credreg.command.RuleViolation;

public class InvalidTokenRequestException extends RuleViolation {

    public InvalidTokenRequestException(String message) {
        super("invalid-request", message);
    }
}
