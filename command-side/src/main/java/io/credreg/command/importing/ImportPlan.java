package io.credreg.command.importing;

import io.credreg.api.binding.SettingRef;

import java.util.List;
import java.util.Map;

/**
 * What an import will do, decided by {@link ImportPlanner} from the source's rows and the registry's state before
 * anything is written: every key group (a credential to create, or an active one to reuse), every setting to bind,
 * and every row that cannot be imported with the reason. A dry run prints it; a real run prints it and carries it out.
 *
 * @param credentials  one entry per distinct key, in the order of their smallest legacy id
 * @param bindings     one entry per setting of an instance the source fills, whatever its status
 * @param skipped      rows that are not imported, with the reason
 * @param notes        what the planner changed on the way (trimmed keys, renamed credentials)
 * @param sourceCounts rows read per source table
 */
record ImportPlan(List<PlannedCredential> credentials, List<PlannedBinding> bindings, List<Skip> skipped,
                  List<String> notes, Map<String, Integer> sourceCounts, boolean fingerprintsKnown) {

    ImportPlan {
        credentials = List.copyOf(credentials);
        bindings = List.copyOf(bindings);
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
        sourceCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sourceCounts));
    }

    /** Which source table a binding comes from. */
    enum Origin {
        SETTING("OpenaiSetting", "legacySettingId"),
        BOT("OpenaiBot", "legacyBotId");

        final String table;
        final String metadataKey;

        Origin(String table, String metadataKey) {
            this.table = table;
            this.metadataKey = metadataKey;
        }
    }

    enum BindingStatus {
        /** The setting is free in the registry: a bind command will fill it. */
        CREATE,
        /** The setting already holds this credential (an earlier import, or an admin): nothing to do. */
        IN_PLACE,
        /** The setting holds another credential; the import never replaces a binding, so it is left as it is. */
        HELD_BY_OTHER
    }

    /**
     * One distinct key of the source. {@code existingId} names the active credential that already holds it (then
     * nothing is created); otherwise it is created as {@code name}.
     *
     * @param legacyCredsIds   every OpenaiCreds row with this key, in id order (more than one: merged duplicates)
     * @param existingProvider the provider of the existing credential; bindings need {@code openai}
     * @param nameNote         why {@code name} is not the source's name, or null
     */
    record PlannedCredential(ApiKey key, List<String> legacyCredsIds, String name, String nameNote,
                             String existingId, String existingProvider) {

        PlannedCredential {
            legacyCredsIds = List.copyOf(legacyCredsIds);
        }

        boolean isNew() {
            return existingId == null;
        }

        boolean merged() {
            return legacyCredsIds.size() > 1;
        }

        /** The smallest legacy id: what names the group in the plan and in a disambiguated name. */
        String firstLegacyId() {
            return legacyCredsIds.get(0);
        }
    }

    /**
     * A setting the source fills.
     *
     * @param legacyId      the OpenaiSetting or OpenaiBot row
     * @param legacyCredsId the OpenaiCreds row that row references
     * @param disabled      an OpenaiBot with {@code enabled = false} (imported all the same)
     * @param heldBy        for {@link BindingStatus#HELD_BY_OTHER}: the credential the registry binds instead
     */
    record PlannedBinding(SettingRef setting, PlannedCredential credential, Origin origin, String legacyId,
                          String legacyInstanceId, String legacyCredsId, boolean disabled, BindingStatus status,
                          String heldBy) {
    }

    /** A source row that is not imported. */
    record Skip(String table, String id, String reason) {
    }

    List<PlannedCredential> toCreate() {
        return credentials.stream().filter(PlannedCredential::isNew).toList();
    }

    List<PlannedCredential> reused() {
        return credentials.stream().filter(credential -> !credential.isNew()).toList();
    }

    List<PlannedCredential> merged() {
        return credentials.stream().filter(PlannedCredential::merged).toList();
    }

    int mergedRows() {
        return merged().stream().mapToInt(credential -> credential.legacyCredsIds().size()).sum();
    }

    List<PlannedBinding> bindings(BindingStatus status) {
        return bindings.stream().filter(binding -> binding.status() == status).toList();
    }

    /** Stable, machine-readable counts (the last line of the printed plan). */
    String summary() {
        return "credentials.create=" + toCreate().size()
                + " credentials.reused=" + reused().size()
                + " merged.keys=" + merged().size()
                + " merged.rows=" + mergedRows()
                + " bindings.create=" + bindings(BindingStatus.CREATE).size()
                + " bindings.in-place=" + bindings(BindingStatus.IN_PLACE).size()
                + " bindings.kept=" + bindings(BindingStatus.HELD_BY_OTHER).size()
                + " skipped=" + skipped.size();
    }
}
