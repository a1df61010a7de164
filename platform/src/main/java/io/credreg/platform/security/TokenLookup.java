package io.credreg.platform.security;

import java.util.Optional;

/**
 * How a side finds an issued, unrevoked token by the hash of its value: the command side in its lookup table, the
 * query side in its projection. The only part of authentication that differs between the two.
 */
@FunctionalInterface
public interface TokenLookup {

    Optional<TokenPrincipal> activeByHash(String tokenHash);
}
