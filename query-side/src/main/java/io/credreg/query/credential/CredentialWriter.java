package io.credreg.query.credential;

import java.time.Instant;

/**
 * The projection's writes to {@code qr_credential}, as plain SQL statements: cheap, and no managed entity can ever
 * write a stale binding count back.
 */
interface CredentialWriter {

    /** A credential created twice (a re-delivery) keeps its first projection. */
    void insertIfAbsent(String id, String name, String provider, String secretHint, int secretVersion,
                        Instant createdAt);

    void rename(String id, String name, Instant at);

    /** Versions only grow, so an older rotation delivered again cannot roll the hint back. */
    void rotate(String id, String secretHint, int secretVersion, Instant at);

    void markDeleted(String id, Instant at);

    void addToBindingCount(String id, int delta);

    void deleteAllCredentials();
}
