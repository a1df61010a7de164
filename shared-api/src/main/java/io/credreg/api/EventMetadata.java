package io.credreg.api;

/** Names of the metadata entries every event carries (invariant 4: who, why and what caused it). */
public final class EventMetadata {
    /** Who asked: the principal behind the request. */
    public static final String ACTOR = "actor";
    /** The request that started it all; shared by every message that request caused. */
    public static final String CORRELATION_ID = "correlationId";
    /** The identifier of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";
    /** The actor used when a request names none. */
    public static final String ANONYMOUS = "anonymous";

    private EventMetadata() {
    }
}
