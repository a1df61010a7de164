package io.credreg.platform.web;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.Arrays;

/**
 * The one catalogue of the rules a refusal names in its {@code type}, with one title each, for both applications.
 * Clients branch on the type, never on the detail text; the title names the rule, the status says how it was
 * answered. A rule a side adds goes here, so the two sides can never name the same rule twice or differently.
 */
public enum ProblemType {
    // the edge: request shape, authentication, the framework's own refusals
    INVALID_REQUEST("invalid-request", "Invalid request"),
    NOT_FOUND("not-found", "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", "Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "Unsupported media type"),
    PAYLOAD_TOO_LARGE("payload-too-large", "Payload too large"),
    UNAUTHENTICATED("unauthenticated", "Unauthenticated"),
    FORBIDDEN("forbidden", "Forbidden"),
    TOO_MANY_AUTHENTICATION_FAILURES("too-many-authentication-failures", "Too many authentication failures"),
    SERVICE_UNAVAILABLE("service-unavailable", "Service unavailable"),
    INTERNAL_ERROR("internal-error", "Internal error"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", "Idempotency key reused"),
    IDEMPOTENCY_KEY_IN_PROGRESS("idempotency-key-in-progress", "Idempotency key in progress"),
    // the command side's rules
    CONCURRENT_MODIFICATION("concurrent-modification", "Concurrent modification"),
    CREDENTIAL_DELETED("credential-deleted", "Credential deleted"),
    CREDENTIAL_NOT_DELETED("credential-not-deleted", "Credential not deleted"),
    RECOVERY_WINDOW_CLOSED("recovery-window-closed", "Recovery window closed"),
    RECOVERY_WINDOW_OPEN("recovery-window-open", "Recovery window open"),
    DUPLICATE_NAME("duplicate-name", "Duplicate name"),
    DUPLICATE_SECRET("duplicate-secret", "Duplicate secret"),
    PROVIDER_MISMATCH("provider-mismatch", "Provider mismatch"),
    NO_PREVIOUS_MASTER_KEY("no-previous-master-key", "No previous master key"),
    SECRET_UNREADABLE("secret-unreadable", "Secret unreadable"),
    TOKEN_NOT_REPLACEABLE("token-not-replaceable", "Token not replaceable"),
    VERSION_MISMATCH("version-mismatch", "Version mismatch"),
    // the query side's rules
    REPLAY_IN_PROGRESS("replay-in-progress", "Replay in progress"),
    SEGMENTS_CLAIMED_ELSEWHERE("segments-claimed-elsewhere", "Segments claimed by another node"),
    PROCESSOR_ACTIVE("processor-active", "Processor is active"),
    AUDIT_CHAIN_BROKEN("audit-chain-broken", "Audit chain broken");

    private static final String BASE = "https://credential-registry.dev/problems/";

    private final String rule;
    private final URI uri;
    private final String title;

    ProblemType(String rule, String title) {
        this.rule = rule;
        this.uri = URI.create(BASE + rule);
        this.title = title;
    }

    public String rule() {
        return rule;
    }

    public URI uri() {
        return uri;
    }

    public String title() {
        return title;
    }

    /** A problem of this type, answered with {@code status}. */
    public ProblemDetail problem(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(uri);
        problem.setTitle(title);
        return problem;
    }

    /**
     * The same problem as hand-written JSON, for the places that answer before any message converter exists (a
     * filter, Tomcat's error report). Only for constant details of ours: nothing is escaped.
     */
    public String json(HttpStatusCode status, String detail) {
        return "{\"type\":\"" + uri + "\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\"}";
    }

    /** The type a rule's name stands for; an unknown name is a programming error, caught by the tests. */
    public static ProblemType forRule(String rule) {
        return Arrays.stream(values()).filter(type -> type.rule.equals(rule)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no problem type for rule " + rule));
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
