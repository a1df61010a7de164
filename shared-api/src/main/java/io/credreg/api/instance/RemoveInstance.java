package io.credreg.api.instance;

public record RemoveInstance(String instanceId) {
}
