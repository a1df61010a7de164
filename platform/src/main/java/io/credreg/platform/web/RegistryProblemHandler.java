package io.credreg.platform.web;

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
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.net.URI;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns every refusal into {@code application/problem+json} whose type names the rule, the same way on both sides:
 * invalid input names every violation at once, Spring's own refusals (404, 405, 415, ...) keep their status and get
 * the type of their rule, a database that cannot be reached is a 503 to retry, and anything unexpected becomes a 500
 * that reveals nothing of the internals. A side
 * extends this with its own exceptions, as a {@code @RestControllerAdvice}.
 */
public abstract class RegistryProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(RegistryProblemHandler.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception error, WebRequest request) {
        Optional<ProblemDetail> expected = expectedFailure(error);
        if (expected.isPresent()) {
            return answer(expected.get());
        }
        if (DatabaseUnreachable.causes(error)) {
            // the class only: a driver's message is not ours to vouch for
            log.warn("The database could not be reached answering {} ({})", request.getDescription(false),
                    error.getClass().getName());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ProblemType.SERVICE_UNAVAILABLE.problem(HttpStatus.SERVICE_UNAVAILABLE,
                            ProblemWording.DATABASE_UNREACHABLE));
        }
        log.error("Unexpected failure answering {}", request.getDescription(false), error);
        return answer(ProblemType.INTERNAL_ERROR.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                ProblemWording.INTERNAL_FAILURE));
    }

    /** A failure that reaches the catch-all but that a side knows how to answer (e.g. a lost race); none here. */
    protected Optional<ProblemDetail> expectedFailure(Exception error) {
        return Optional.empty();
    }

    /** A preset content type skips negotiation, so even a request with an unreadable Accept gets its problem. */
    protected static ResponseEntity<Object> answer(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException invalid,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        return invalidRequest(invalid.getBindingResult().getFieldErrors().stream()
                .map(RegistryProblemHandler::describe));
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

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException missing,
                                                                    HttpHeaders headers, HttpStatusCode status,
                                                                    WebRequest request) {
        return answer(ProblemType.NOT_FOUND.problem(HttpStatus.NOT_FOUND,
                "no endpoint " + missing.getHttpMethod() + " /" + missing.getResourcePath()));
    }

    /** Every violation named at once, in a stable order, so a client can fix them all in one go. */
    protected static ResponseEntity<Object> invalidRequest(Stream<String> violations) {
        String detail = violations.sorted().collect(Collectors.joining("; "));
        return answer(ProblemType.INVALID_REQUEST.problem(HttpStatus.BAD_REQUEST, detail));
    }

    /** Every problem, ours or the base class's, passes through here last; an untyped one gets its status's rule. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (!(body instanceof ProblemDetail problem)) {
            return super.createResponseEntity(body, headers, status, request);
        }
        if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
            ProblemType type = ProblemType.forStatus(status);
            problem.setType(type.uri());
            problem.setTitle(type.title());
        }
        HttpHeaders problemHeaders = HttpHeaders.copyOf(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.createResponseEntity(problem, problemHeaders, status, request);
    }

    /** The wording of one violation: the field or parameter in quotes, then what is wrong with it. */
    private static String describe(FieldError error) {
        return "'" + error.getField() + "' " + error.getDefaultMessage();
    }

    /** A field of a validated body is named by its field, not by the handler parameter that holds the body. */
    private static String describe(String parameter, MessageSourceResolvable error) {
        if (error instanceof FieldError field) {
            return describe(field);
        }
        return "'" + parameter + "' " + error.getDefaultMessage();
    }
}
