package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.rule.RuleViolation;

import java.util.Map;

public class SettingNotBoundException extends RuleViolation {

    public SettingNotBoundException(SettingRef setting) {
        super(Kind.NOT_FOUND, "not-found", "setting " + setting.settingKey() + " of instance " + setting.instanceId()
                + " is not bound to any credential",
                Map.of("instanceId", setting.instanceId(), "settingKey", setting.settingKey()));
    }
}
