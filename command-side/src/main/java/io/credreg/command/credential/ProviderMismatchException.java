package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.rule.RuleViolation;

import java.util.Map;

/** A setting's first key segment names the provider it needs; only a credential of that provider can fill it. */
public class ProviderMismatchException extends RuleViolation {

    public ProviderMismatchException(String credentialId, String credentialProvider, SettingRef setting) {
        super("provider-mismatch", "setting " + setting.settingKey() + " needs a " + setting.provider()
                        + " credential, but credential " + credentialId + " is a " + credentialProvider + " credential",
                Map.of("credentialId", credentialId, "credentialProvider", credentialProvider,
                        "settingProvider", setting.provider()));
    }
}
