package io.credreg.api.credential;

/** What a stage or a promotion answers: the current version and the pending one (null when none). */
public record StagedAnswer(int secretVersion, Integer pendingVersion) {
}
