package io.credreg.command.web;

import io.credreg.command.RuleViolation;

import java.util.Map;

public class InvalidHeaderException extends RuleViolation {

    public InvalidHeaderException(String header, String expected) {
        super("invalid-request", "header " + header + " is malformed: expected " + expected,
                Map.of("header", header));
    }
}
