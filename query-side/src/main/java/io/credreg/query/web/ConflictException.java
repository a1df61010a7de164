package io.credreg.query.web;

import io.credreg.platform.web.ProblemType;

/** The request is valid but conflicts with what the query side is doing right now; the type names the rule. */
public class ConflictException extends RuntimeException {

    private final ProblemType type;

    public ConflictException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }
}
