package io.credreg.command.web;

import io.credreg.command.dispatch.LostRace;
import io.credreg.command.rule.RuleViolation;
import io.credreg.command.rule.VersionMismatchException;
import io.credreg.platform.web.ProblemType;
import io.credreg.platform.web.RegistryProblemHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Optional;

/**
 * The command side's own refusals, the broken rules of its commands, as problem details; everything a request can
 * get wrong at the edge is answered by the shared {@link RegistryProblemHandler}.
 */
@RestControllerAdvice
public class ProblemHandler extends RegistryProblemHandler {

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<Object> ruleViolated(RuleViolation violation) {
        ProblemDetail problem = ProblemType.forRule(violation.rule())
                .problem(statusOf(violation.kind()), violation.getMessage());
        violation.details().forEach(problem::setProperty);
        return answer(problem);
    }

    /** A stale {@code If-Match}: the answer names the current version, in its body and as the {@code ETag}. */
    @ExceptionHandler(VersionMismatchException.class)
    ResponseEntity<Object> versionMismatch(VersionMismatchException mismatch) {
        ResponseEntity<Object> answer = ruleViolated(mismatch);
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .eTag(EntityTags.of(mismatch.currentVersion())).body(answer.getBody());
    }

    private static HttpStatus statusOf(RuleViolation.Kind kind) {
        return switch (kind) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_FOUND -> HttpStatus.NOT_FOUND;
            case CONFLICT -> HttpStatus.CONFLICT;
            case GONE -> HttpStatus.GONE;
            case PRECONDITION_FAILED -> HttpStatus.PRECONDITION_FAILED;
        };
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<Object> unknownCredential(AggregateNotFoundException missing) {
        ProblemDetail problem = ProblemType.NOT_FOUND.problem(HttpStatus.NOT_FOUND,
                "credential " + missing.getAggregateIdentifier() + " does not exist");
        problem.setProperty("credentialId", missing.getAggregateIdentifier());
        return answer(problem);
    }

    /** A command that lost its race more often than it may retry is the client's to retry, not a failure of ours. */
    @Override
    protected Optional<ProblemDetail> expectedFailure(Exception error) {
        return LostRace.causedBy(error)
                ? Optional.of(ProblemType.CONCURRENT_MODIFICATION.problem(HttpStatus.CONFLICT,
                "the resource kept changing under concurrent requests; retry the request"))
                : Optional.empty();
    }
}
