package io.credreg.query.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import java.net.URI;
import java.util.stream.Collectors;

/**
 * Turns every failure into an RFC 9457 problem whose {@code type} names the rule that was broken. Framework errors
 * keep their status and get a type; anything unexpected becomes a bare 500 that reveals nothing of the internals.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException exception, WebRequest request) {
        return problem(exception, HttpStatus.NOT_FOUND, exception.getMessage(), request);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException exception, WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, exception.getMessage());
        body.setType(exception.type().uri());
        body.setTitle(exception.type().title());
        return handleExceptionInternal(exception, body, new HttpHeaders(), HttpStatus.CONFLICT, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception, WebRequest request) {
        LOG.error("Unexpected failure answering {}", request.getDescription(false), exception);
        return problem(exception, HttpStatus.INTERNAL_SERVER_ERROR,
                "The query side could not answer this request; the failure has been logged.", request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException exception, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        String detail = exception.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> describe(result.getMethodParameter().getParameterName(), error)))
                .collect(Collectors.joining("; "));
        return problem(exception, HttpStatus.BAD_REQUEST, detail + ".", request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException exception, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = "No endpoint " + exception.getHttpMethod() + " /" + exception.getResourcePath() + ".";
        return problem(exception, HttpStatus.NOT_FOUND, detail, request);
    }

    /** Every problem, ours or the base class's, passes through here last; give it the type of its rule. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode status,
                                                          WebRequest request) {
        if (!(body instanceof ProblemDetail problem)) {
            return super.createResponseEntity(body, headers, status, request);
        }
        if (isUntyped(problem)) {
            ProblemType type = ProblemType.forStatus(status);
            problem.setType(type.uri());
            problem.setTitle(type.title());
        }
        // A preset content type skips negotiation, so even a request with an unreadable Accept gets its problem.
        HttpHeaders problemHeaders = HttpHeaders.copyOf(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return super.createResponseEntity(problem, problemHeaders, status, request);
    }

    private ResponseEntity<Object> problem(Exception exception, HttpStatus status, String detail,
                                           WebRequest request) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        return handleExceptionInternal(exception, body, new HttpHeaders(), status, request);
    }

    /** Spring leaves the type unset (or about:blank) for the problems it builds itself. */
    private static boolean isUntyped(ProblemDetail problem) {
        return problem.getType() == null || ABOUT_BLANK.equals(problem.getType());
    }

    private static String describe(String parameter, MessageSourceResolvable error) {
        return "'" + parameter + "' " + error.getDefaultMessage();
    }
}
