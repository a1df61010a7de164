package io.credreg.query.web;

/** What identifiers and filters look like; anything else is refused with 400 before it reaches a query. */
public final class RequestPatterns {

    /** The command side generates UUIDs and accepts this shape; the query side accepts what it accepts. */
    public static final String CREDENTIAL_ID = "[A-Za-z0-9-]{1,64}";
    public static final String CREDENTIAL_ID_MESSAGE = "must be a credential id: 1 to 64 letters, digits or -";

    public static final String INSTANCE_ID = "[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}";
    public static final String INSTANCE_ID_MESSAGE =
            "must be 1 to 128 letters, digits or . _ : @ -, starting with a letter or digit";

    /** Filters may be sent empty ({@code ?provider=}), which means "any". */
    public static final String PROVIDER_FILTER = "([a-z0-9][a-z0-9-]{0,31})?";
    public static final String PROVIDER_FILTER_MESSAGE =
            "must be a provider name: up to 32 lower-case letters, digits or -, starting with a letter or digit";

    public static final String STATUS_FILTER = "(active|deleted)?";
    public static final String STATUS_FILTER_MESSAGE = "must be 'active' or 'deleted'";

    public static final int NAME_FILTER_MAX_LENGTH = 200;

    private RequestPatterns() {
    }
}
