package io.credreg.command.admin;

import io.credreg.platform.web.ProblemType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/admin/master-key/rotation} starts re-wrapping every key under the current master key (202);
 * {@code GET} says how many remain under the previous one. See docs/operations/master-key-rotation.md.
 */
@RestController
@RequestMapping(path = "/api/admin/master-key/rotation", produces = MediaType.APPLICATION_JSON_VALUE)
class MasterKeyRotationController {

    private final MasterKeyRotation rotation;

    MasterKeyRotationController(MasterKeyRotation rotation) {
        this.rotation = rotation;
    }

    @GetMapping
    RotationStatus status() {
        return rotation.status();
    }

    @PostMapping
    ResponseEntity<RotationStatus> start() {
        return ResponseEntity.accepted().body(rotation.start());
    }

    @ExceptionHandler(MasterKeyRotation.NoPreviousKeyException.class)
    ResponseEntity<ProblemDetail> noPreviousKey(MasterKeyRotation.NoPreviousKeyException e) {
        ProblemDetail problem = ProblemType.NO_PREVIOUS_MASTER_KEY.problem(HttpStatus.CONFLICT, e.getMessage());
        return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
