package io.credreg.api.credential;

/** How a staged (pending) secret version becomes current (decision 0210). */
public enum StagedPromotion {
    /** Only {@code POST /api/credentials/{id}/secret/promote}. */
    MANUAL,
    /** Once every bound setting has been resolved at the pending version by a consumer (an admin's test does not count). */
    WHEN_ALL_RESOLVED,
    /** A given number of seconds after staging. */
    AFTER;

    /** The value of the request's {@code promote} field ({@code manual}, {@code when-all-resolved}, {@code after}). */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
