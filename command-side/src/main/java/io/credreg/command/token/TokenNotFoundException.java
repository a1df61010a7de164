package io.credreg.command.token;

import io.credreg.command.RuleViolation;

import java.util.Map;

public class TokenNotFoundException extends RuleViolation {

    public TokenNotFoundException(String tokenId) {
        super("not-found", "token " + tokenId + " does not exist", Map.of("tokenId", tokenId));
    }
}
