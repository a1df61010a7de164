package io.credreg.api.credential;

/**
 * One page of the credential list, for the admin console: the filters of {@link FindCredentials}, a zero-based page,
 * its size and the order ({@code sort} is one of {@link #SORTABLE}, {@code descending} reverses it).
 */
public record FindCredentialPage(FindCredentials filters, int page, int size, String sort, boolean descending) {

    /** The columns a page may be ordered by; each has an index (migration V25). */
    public static final java.util.List<String> SORTABLE =
            java.util.List.of("name", "provider", "status", "createdAt", "updatedAt", "bindingCount");
}
