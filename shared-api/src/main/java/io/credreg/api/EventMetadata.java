package io.credreg.api;

/** Names of the metadata entries every event carries (invariant 4: who, why and what caused it). */
public final class EventMetadata {
    /** Who asked: the principal behind the request. */
    public static final String ACTOR = "actor";
    /** The id of the token behind the request ({@code bootstrap} for the bootstrap admin): names are not identities. */
    public static final String ACTOR_TOKEN_ID = "actorTokenId";
    /** The role of that token when it acted. */
    public static final String ACTOR_ROLE = "actorRole";
    /** The request that started it all; shared by every message that request caused. */
    public static final String CORRELATION_ID = "correlationId";
    /**
     * The caller's own label for the request ({@code X-Request-Id}), kept for the caller's tracing only: the registry
     * generates the {@link #CORRELATION_ID}, so a caller cannot join its events to another request's.
     */
    public static final String REQUEST_ID = "requestId";
    /** The identifier of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";
    /** The actor used when a request names none. */
    public static final String ANONYMOUS = "anonymous";
    /**
     * Where a change came from when it did not come from a request: {@link #SOURCE_IMPORT} for the events an import
     * wrote. Absent for changes made through the API.
     */
    public static final String SOURCE = "source";
    /** The value of {@link #SOURCE} on every event an import wrote. */
    public static final String SOURCE_IMPORT = "import";
    /**
     * Entries whose name starts with this prefix name the rows of another system a change was imported from
     * ({@code legacyCredsIds}, {@code legacyInstanceId}, ...); they travel from the command to its events.
     */
    public static final String LEGACY_PREFIX = "legacy";

    private EventMetadata() {
    }
}
