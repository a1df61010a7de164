package io.credreg.platform.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/** The wording of the refusals both sides word the same way, so a client reads one voice whichever side answers. */
public final class ProblemWording {

    /** For a failure of ours: it says where to look, never what failed. */
    public static final String INTERNAL_FAILURE =
            "the registry failed to handle this request; the log has the details under its request id";

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
