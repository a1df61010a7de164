package io.credreg.api.instance;

import io.credreg.api.binding.SettingRef;

import java.util.List;

/** What removing an instance did: the settings it unbound and the instance tokens it revoked (by id). */
public record InstanceRemovalResult(String instanceId, List<SettingRef> unbound, List<String> revokedTokenIds) {
}
