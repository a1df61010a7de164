package io.credreg.query.web;

import org.springframework.http.HttpStatusCode;

import java.net.URI;

/** The rules a problem response names in its {@code type}; clients branch on these, never on the detail text. */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", "Invalid request"),
    NOT_FOUND("not-found", "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large"),
    UNAUTHENTICATED("unauthenticated", "Unauthorized"),
    FORBIDDEN("forbidden", "Forbidden"),
    TOO_MANY_AUTHENTICATION_FAILURES("too-many-authentication-failures", "Too many requests"),
    SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable"),
    REPLAY_IN_PROGRESS("replay-in-progress", "Replay in progress"),
    SEGMENTS_CLAIMED_ELSEWHERE("segments-claimed-elsewhere", "Segments claimed by another node"),
    PROCESSOR_ACTIVE("processor-active", "Processor is active"),
    INTERNAL_ERROR("internal-error", "Internal error");

    private static final String BASE = "https://credential-registry.dev/problems/";

    private final URI uri;
    private final String title;

    ProblemType(String slug, String title) {
        this.uri = URI.create(BASE + slug);
        this.title = title;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    /** The rule a framework-raised status stands for; any other client error is an invalid request. */
    public static ProblemType forStatus(HttpStatusCode status) {
        return switch (status.value()) {
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status.is4xxClientError() ? INVALID_REQUEST : INTERNAL_ERROR;
        };
    }
}
