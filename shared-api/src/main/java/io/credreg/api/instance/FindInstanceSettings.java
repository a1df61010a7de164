package io.credreg.api.instance;

public record FindInstanceSettings(String instanceId) {
}
