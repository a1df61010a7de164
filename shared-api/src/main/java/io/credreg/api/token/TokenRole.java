package io.credreg.api.token;

/**
 * What a bearer token may do. {@code ADMIN}: every command and query, and issuing and revoking tokens.
 * {@code AUDITOR}: every query, history and audit, never a secret. {@code INSTANCE}: bound to one instance, may read
 * only that instance's settings and resolve only the secrets bound to them.
 */
public enum TokenRole {
    ADMIN, AUDITOR, INSTANCE
}
