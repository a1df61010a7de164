package io.credreg.api.timetravel;

import java.time.Instant;

/** What was true of a credential at {@code at}; answered with a {@link CredentialAsOfAnswer}. */
public record FindCredentialAsOf(String credentialId, Instant at) {
}
