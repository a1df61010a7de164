package io.credreg.query.binding;

import java.time.Instant;

/**
 * The projection's writes to {@code qr_binding}: plain SQL statements, each an order of magnitude cheaper than the
 * same statement in HQL, which matters when a deletion cascade brings thousands of unbinds.
 */
public interface BindingWriter {

    /** @return 1 if the binding is new, 0 if it was already there (a re-delivered event) */
    int insertIfAbsent(BindingId binding, Instant boundAt);

    /** @return 1 if the binding was there, 0 otherwise */
    int delete(BindingId binding);

    int deleteAllOfCredential(String credentialId);

    int deleteAllBindings();
}
