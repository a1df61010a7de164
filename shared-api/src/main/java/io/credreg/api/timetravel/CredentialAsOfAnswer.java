package io.credreg.api.timetravel;

import java.time.Instant;

/**
 * The answer to {@link FindCredentialAsOf}, which tells apart a credential that never existed ({@code firstEventAt}
 * null) from one that did not exist yet at the instant asked about ({@code credential} null, {@code firstEventAt}
 * its creation).
 */
public record CredentialAsOfAnswer(Instant firstEventAt, CredentialAsOf credential) {
}
