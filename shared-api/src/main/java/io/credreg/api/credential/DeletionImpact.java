package io.credreg.api.credential;

import io.credreg.api.binding.SettingRef;

import java.util.List;

/** The settings a deletion of the credential would unbind now. */
public record DeletionImpact(String credentialId, List<SettingRef> settings) {
}
