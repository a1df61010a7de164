package io.credreg.api.audit;

/** Everything one request caused: the entries that carry its correlation id, in sequence order. */
public record FindCorrelatedEntries(String correlationId) {
}
