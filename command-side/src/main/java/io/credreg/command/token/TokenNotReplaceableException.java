package io.credreg.command.token;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** Only a token that still works, and has not been replaced yet, can be replaced: one successor per token. */
public class TokenNotReplaceableException extends RuleViolation {

    TokenNotReplaceableException(String tokenId, String why) {
        super("token-not-replaceable", "token " + tokenId + " cannot be replaced: " + why, Map.of("tokenId", tokenId));
    }
}
