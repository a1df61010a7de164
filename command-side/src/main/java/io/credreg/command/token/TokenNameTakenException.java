package io.credreg.command.token;

import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/**
 * A token's name is the actor the audit shows, so it must say who acted: no two live tokens share one (case aside),
 * and none takes the bootstrap admin's.
 */
public class TokenNameTakenException extends RuleViolation {

    TokenNameTakenException(String name, String existingTokenId) {
        super("duplicate-name", existingTokenId == null
                        ? "the token name '" + name + "' is reserved for the bootstrap admin"
                        : "a live token named '" + name + "' already exists: " + existingTokenId,
                existingTokenId == null ? Map.of() : Map.of("existingTokenId", existingTokenId));
    }
}
