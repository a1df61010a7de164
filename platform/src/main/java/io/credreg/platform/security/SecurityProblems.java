package io.credreg.platform.security;

import io.credreg.platform.web.ProblemType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/** Writes the refusals of the security filters as problem details, like every other refusal of the registry. */
class SecurityProblems {

    private final JsonMapper json;

    SecurityProblems(JsonMapper json) {
        this.json = json;
    }

    void unauthenticated(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"credential-registry\"");
        write(request, response, HttpStatus.UNAUTHORIZED, ProblemType.UNAUTHENTICATED, detail);
    }

    void forbidden(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, ProblemType.FORBIDDEN, detail);
    }

    void invalidRequest(HttpServletRequest request, HttpServletResponse response, String detail) throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, ProblemType.INVALID_REQUEST, detail);
    }

    void throttled(HttpServletRequest request, HttpServletResponse response, Duration wait) throws IOException {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        write(request, response, HttpStatus.TOO_MANY_REQUESTS, ProblemType.TOO_MANY_AUTHENTICATION_FAILURES,
                "too many failed authentications from this address; retry in " + seconds + " s");
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, ProblemType type,
                       String detail) throws IOException {
        ProblemDetail problem = type.problem(status, detail);
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
