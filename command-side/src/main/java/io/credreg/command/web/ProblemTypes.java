package io.credreg.command.web;

import java.net.URI;

/** Problem type URIs: one per rule, so a client can branch on the type instead of parsing the detail. */
public final class ProblemTypes {

    private static final String BASE = "https://credential-registry.dev/problems/";

    private ProblemTypes() {
    }

    public static URI of(String rule) {
        return URI.create(BASE + rule);
    }
}
