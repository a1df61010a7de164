package io.credreg.command.web;

import io.credreg.command.dispatch.LostRace;
import io.credreg.command.rule.RuleViolation;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns every refusal into {@code application/problem+json} with a type naming the rule and a precise detail. Client
 * mistakes never become a 500; anything unexpected becomes a 500 that reveals nothing of the internals.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<ProblemDetail> ruleViolated(RuleViolation violation) {
        HttpStatus status = statusOf(violation.kind());
        ProblemDetail problem = problem(status, violation.rule(), violation.getMessage());
        violation.details().forEach(problem::setProperty);
        return answer(problem);
    }

    private static HttpStatus statusOf(RuleViolation.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case GONE -> HttpStatus.GONE;
        };
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> unknownCredential(AggregateNotFoundException missing) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "not-found",
                "credential " + missing.getAggregateIdentifier() + " does not exist");
        problem.setProperty("credentialId", missing.getAggregateIdentifier());
        return answer(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception error) {
        if (LostRace.causedBy(error)) {
            return answer(problem(HttpStatus.CONFLICT, "concurrent-modification",
                    "the resource kept changing under concurrent requests; retry the request"));
        }
        log.error("Unexpected failure", error);
        return answer(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error",
                "the registry failed to handle this request; the log has the details under its request id"));
    }

    /** A preset content type skips negotiation, so even a request with an unreadable Accept gets its problem. */
    private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException invalid,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return invalidRequest(invalid.getBindingResult().getFieldErrors().stream().map(ProblemHandler::describe));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException invalid,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        return invalidRequest(invalid.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> describe(result.getMethodParameter().getParameterName(), error))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException unreadable,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return invalidRequest(Stream.of(UnreadableBody.describe(unreadable)));
    }

    /** Every violation named at once, in a stable order, so a client can fix them all in one go. */
    private static ResponseEntity<Object> invalidRequest(Stream<String> violations) {
        String detail = violations.sorted().collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.BAD_REQUEST, "invalid-request", detail));
    }

    /** Spring's own refusals (404, 405, 415, ...) keep their status and get a type that names it. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(ProblemTypes.of(ruleFor(status)));
        }
        if (body instanceof ProblemDetail) {
            // A preset content type skips negotiation, so even a request with an unreadable Accept gets its problem.
            HttpHeaders problemHeaders = HttpHeaders.copyOf(headers);
            problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return super.createResponseEntity(body, problemHeaders, status, request);
        }
        return super.createResponseEntity(body, headers, status, request);
    }

    static String ruleFor(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "invalid-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 500 -> "internal-error";
            default -> "http-" + status.value();
        };
    }

    private static String describe(FieldError error) {
        return error.getField() + " " + error.getDefaultMessage();
    }

    /** A field of a validated body is named by its field, not by the handler parameter that holds the body. */
    private static String describe(String parameter, MessageSourceResolvable error) {
        if (error instanceof FieldError field) {
            return describe(field);
        }
        return parameter + " " + error.getDefaultMessage();
    }

    static ProblemDetail problem(HttpStatus status, String rule, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.of(rule));
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }
}
