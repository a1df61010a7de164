package io.credreg.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/** The wording of the refusals both sides word the same way, so a client reads one voice whichever side answers. */
public final class ProblemWording {

    /** For a failure of ours: it says where to look, never what failed. */
    public static final String INTERNAL_FAILURE =
            "the registry failed to handle this request; the log has the details under its request id";

    /**
     * For a database that could not be reached. Whether a change sent just then was stored is not known (the
     * connection may have gone during its commit): a retry under the same Idempotency-Key is done at most once.
     */
    public static final String DATABASE_UNREACHABLE = "the registry could not reach its database; retry the request "
            + "(under the same Idempotency-Key a change is made at most once)";

    private ProblemWording() {
    }

    /** The detail of a refusal that only has a status to go by (the container's, an error page's). */
    public static String forStatus(HttpStatusCode status) {
        if (!status.is4xxClientError()) {
            return INTERNAL_FAILURE;
        }
        HttpStatus known = HttpStatus.resolve(status.value());
        return "the request was refused: " + (known == null ? "error " + status.value() : known.getReasonPhrase());
    }
}
