package io.credreg.query.credential;

import java.time.Instant;

/**
 * The projection's writes to {@code qr_credential}, as plain SQL statements: cheap, and no managed entity can ever
 * write a stale binding count back.
 */
interface CredentialWriter {

    /*
     * Every write names the version (the event's sequence number in the credential's stream) it brings the row to;
     * the stored version only ever grows, so an event delivered again cannot roll it back.
     */

    /** A credential created twice (a re-delivery) keeps its first projection. */
    void insertIfAbsent(String id, String name, String provider, String secretHint, int secretVersion,
                        Instant createdAt, long version);

    void rename(String id, String name, Instant at, long version);

    /** Secret versions only grow, so an older rotation delivered again cannot roll the hint back. */
    void rotate(String id, String secretHint, int secretVersion, Instant at, long version);

    void markDeleted(String id, Instant at, long version);

    /** A deletion with a recovery window: restorable until then (decision 0200). */
    void markRestorable(String id, Instant restorableUntil);

    /** Active again; the rebinds that follow count themselves. */
    void markRestored(String id, Instant at, long version);

    void markPurged(String id, Instant at, long version);

    void addToBindingCount(String id, int delta, long version);

    /** An event of the stream that changes nothing shown but the version. */
    void advanceVersion(String id, long version);

    void deleteAllCredentials();
}
