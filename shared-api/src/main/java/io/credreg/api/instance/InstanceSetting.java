package io.credreg.api.instance;

import java.time.Instant;

public record InstanceSetting(String settingKey, String credentialId, String credentialName, String provider,
                              Instant boundAt) {
}
