package io.credreg.api.timetravel;

import java.time.Instant;

/** The settings an instance had at {@code at}; answered with a list of {@link io.credreg.api.instance.InstanceSetting}. */
public record FindInstanceSettingsAsOf(String instanceId, Instant at) {
}
