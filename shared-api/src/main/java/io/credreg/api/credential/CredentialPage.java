package io.credreg.api.credential;

import java.util.List;

/** One page of credentials and how many match the filters in all. */
public record CredentialPage(List<CredentialSummary> items, long total) {
}
