package io.credreg.platform.idempotency;

import io.credreg.platform.web.ProblemType;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A request refused because of its {@code Idempotency-Key}: malformed (400), reused for another request (422), or
 * still being answered elsewhere (409). Answered as problem details naming the key, never the recorded answer; an
 * {@link ErrorResponseException}, which every side's problem handler answers with its problem as it is.
 */
public class IdempotencyRefusal extends ErrorResponseException {

    private final HttpStatus status;

    IdempotencyRefusal(HttpStatus status, ProblemType type, String detail, String key) {
        super(status, problem(status, type == null ? ProblemType.INVALID_REQUEST : type, detail, key), null);
        this.status = status;
    }

    private static ProblemDetail problem(HttpStatus status, ProblemType type, String detail, String key) {
        ProblemDetail problem = type.problem(status, detail);
        if (key != null) {
            problem.setProperty("idempotencyKey", key);
        }
        return problem;
    }

    static IdempotencyRefusal reused(String key) {
        return new IdempotencyRefusal(HttpStatus.UNPROCESSABLE_CONTENT, ProblemType.IDEMPOTENCY_KEY_REUSED,
                "the Idempotency-Key '" + key + "' was already used for a different request (method, path or body);"
                        + " use a new key for a new request", key);
    }

    static IdempotencyRefusal inProgress(String key) {
        return new IdempotencyRefusal(HttpStatus.CONFLICT, ProblemType.IDEMPOTENCY_KEY_IN_PROGRESS,
                "a request with the Idempotency-Key '" + key + "' is still being answered; retry it later", key);
    }

    public HttpStatus status() {
        return status;
    }

    public ProblemDetail problem() {
        return getBody();
    }
}
