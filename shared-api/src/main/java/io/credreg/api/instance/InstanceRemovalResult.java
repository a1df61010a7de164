package io.credreg.api.instance;

import io.credreg.api.binding.SettingRef;

import java.util.List;

public record InstanceRemovalResult(String instanceId, List<SettingRef> unbound) {
}
