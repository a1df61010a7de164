package io.credreg.command.web;

import io.credreg.command.RuleViolation;
import io.credreg.command.binding.InstanceNotFoundException;
import io.credreg.command.binding.ProviderMismatchException;
import io.credreg.command.binding.SettingNotBoundException;
import io.credreg.command.credential.CredentialDeletedException;
import io.credreg.command.credential.DuplicateNameException;
import io.credreg.command.credential.DuplicateSecretException;
import io.credreg.command.token.InvalidTokenRequestException;
import io.credreg.command.token.TokenNotFoundException;
import io.credreg.platform.web.ProblemType;
import io.credreg.platform.web.RegistryProblemHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;
import java.util.Optional;

/**
 * The command side's own refusals, the broken rules of its commands, as problem details; everything a request can
 * get wrong at the edge is answered by the shared {@link RegistryProblemHandler}.
 */
@RestControllerAdvice
public class ProblemHandler extends RegistryProblemHandler {

    private static final Map<Class<? extends RuleViolation>, HttpStatus> STATUS = Map.ofEntries(
            Map.entry(TokenNotFoundException.class, HttpStatus.NOT_FOUND),
            Map.entry(InvalidTokenRequestException.class, HttpStatus.BAD_REQUEST),
            Map.entry(CredentialDeletedException.class, HttpStatus.GONE),
            Map.entry(DuplicateSecretException.class, HttpStatus.CONFLICT),
            Map.entry(DuplicateNameException.class, HttpStatus.CONFLICT),
            Map.entry(ProviderMismatchException.class, HttpStatus.CONFLICT),
            Map.entry(SettingNotBoundException.class, HttpStatus.NOT_FOUND),
            Map.entry(InstanceNotFoundException.class, HttpStatus.NOT_FOUND));

    @ExceptionHandler(RuleViolation.class)
    ResponseEntity<Object> ruleViolated(RuleViolation violation) {
        HttpStatus status = STATUS.getOrDefault(violation.getClass(), HttpStatus.CONFLICT);
        ProblemDetail problem = ProblemType.forRule(violation.rule()).problem(status, violation.getMessage());
        violation.details().forEach(problem::setProperty);
        return answer(problem);
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
        return CommandSender.lostARace(error)
                ? Optional.of(ProblemType.CONCURRENT_MODIFICATION.problem(HttpStatus.CONFLICT,
                "the resource kept changing under concurrent requests; retry the request"))
                : Optional.empty();
    }
}
