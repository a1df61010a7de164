package io.credreg.api.credential;

import io.credreg.api.binding.SettingRef;

import java.util.List;

/** What a restore did: the settings it bound again and those its deletion unbound that it could not. */
public record RestoreResult(String credentialId, List<SettingRef> rebound, List<SettingRef> notRebound) {
}
