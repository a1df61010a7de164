package io.credreg.api.binding;

/** One setting of one instance, e.g. instance {@code acme-1}, setting {@code openai.default}. */
public record SettingRef(String instanceId, String settingKey) {

    /** The provider a setting belongs to is the first segment of its key: {@code openai.bot.42} needs {@code openai}. */
    public String provider() {
        int dot = settingKey.indexOf('.');
        return dot < 0 ? settingKey : settingKey.substring(0, dot);
    }
}
