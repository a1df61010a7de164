package io.credreg.command.resolution;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A resolution's entity tag is its secret version ({@code "3"}); {@code If-None-Match} names the versions a consumer
 * already holds. Weak and strong tags compare alike (the version is the whole identity of the secret), and
 * {@code *} matches any version.
 */
record VersionTag(Set<String> held) {

    static final VersionTag NONE = new VersionTag(Set.of());

    static String of(int version) {
        return "\"" + version + "\"";
    }

    static VersionTag parse(String ifNoneMatch) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return NONE;
        }
        return new VersionTag(Arrays.stream(ifNoneMatch.split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .collect(Collectors.toUnmodifiableSet()));
    }

    boolean matches(int version) {
        return held.contains("*") || held.contains(of(version));
    }
}
