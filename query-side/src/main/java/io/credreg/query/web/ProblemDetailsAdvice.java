package io.credreg.query.web;

import io.credreg.platform.web.ProblemType;
import io.credreg.platform.web.RegistryProblemHandler;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The query side's own refusals (something not known yet, an administrative action that conflicts with what the
 * processors are doing) as problem details; everything a request can get wrong at the edge is answered by the
 * shared {@link RegistryProblemHandler}.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends RegistryProblemHandler {

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException missing) {
        return answer(ProblemType.NOT_FOUND.problem(HttpStatus.NOT_FOUND, missing.getMessage()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException conflict) {
        return answer(conflict.type().problem(HttpStatus.CONFLICT, conflict.getMessage()));
    }
}
