package io.credreg.command.importing;

import java.util.List;

/**
 * The rows of the Evolution platform's tables that the import reads, as they are (nulls, blanks and dangling ids
 * included); {@link ImportPlanner} decides what they mean. Ids are read as text, whatever their column type.
 */
record SourceSnapshot(List<InstanceRow> instances, List<CredsRow> creds, List<SettingRow> settings,
                      List<BotRow> bots) {

    SourceSnapshot {
        instances = List.copyOf(instances);
        creds = List.copyOf(creds);
        settings = List.copyOf(settings);
        bots = List.copyOf(bots);
    }

    /** A row of {@code "Instance"}. */
    record InstanceRow(String id, String name) {
    }

    /**
     * A row of {@code "OpenaiCreds"}; {@code apiKey} is the raw column value. Its toString shows neither the key nor
     * the name, which messy data may have set to the key.
     */
    record CredsRow(String id, String name, String apiKey, String instanceId) {
        @Override
        public String toString() {
            return "CredsRow[id=" + id + ", instanceId=" + instanceId + "]";
        }
    }

    /** A row of {@code "OpenaiSetting"}. */
    record SettingRow(String id, String instanceId, String credsId) {
    }

    /** A row of {@code "OpenaiBot"}; {@code enabled} may be null. */
    record BotRow(String id, String instanceId, String credsId, Boolean enabled) {
    }
}
