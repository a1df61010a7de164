package io.credreg.api.credential;

import io.credreg.api.binding.SettingRef;

import java.util.List;

/** What a deletion undid: every setting that held the credential. */
public record DeletionResult(String credentialId, List<SettingRef> unbound) {
}
