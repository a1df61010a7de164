package io.credreg.command.token;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

public class TokenNotFoundException extends RuleViolation {

    public TokenNotFoundException(String tokenId) {
        super(Kind.NOT_FOUND, "not-found", "token " + tokenId + " does not exist", Map.of("tokenId", tokenId));
    }
}
