package io.credreg.command.importing;

import io.credreg.command.importing.ImportPlan.BindingStatus;
import io.credreg.command.importing.ImportPlan.PlannedBinding;
import io.credreg.command.importing.ImportPlan.PlannedCredential;
import io.credreg.command.importing.ImportPlan.Skip;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prints a plan for a person: sections with counts, one line per credential, binding and skipped row, and a last
 * line of stable counts for scripts. Keys appear only as the registry's masked hints.
 */
final class PlanPrinter {

    private PlanPrinter() {
    }

    static void print(ImportPlan plan, PrintStream out) {
        out.println("Source rows: " + plan.sourceCounts().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
        if (!plan.fingerprintsKnown()) {
            out.println("No master key exists yet, so no key can be registered already: the import will generate "
                    + "the key (or use REGISTRY_MASTER_KEY) and create every credential.");
        }

        List<PlannedCredential> toCreate = plan.toCreate();
        section(out, "Credentials to create", toCreate.size());
        for (PlannedCredential credential : toCreate) {
            out.println("  + \"" + credential.name() + "\" " + credential.key().hint() + "  from OpenaiCreds "
                    + String.join(", ", credential.legacyCredsIds())
                    + (credential.nameNote() == null ? "" : "  (" + credential.nameNote() + ")"));
        }

        List<PlannedCredential> reused = plan.reused();
        section(out, "Existing credentials reused", reused.size());
        for (PlannedCredential credential : reused) {
            out.println("  = " + credential.existingId() + " " + credential.key().hint() + "  holds the key of "
                    + "OpenaiCreds " + String.join(", ", credential.legacyCredsIds())
                    + (ImportPlanner.PROVIDER.equals(credential.existingProvider()) ? ""
                    : "  (a " + credential.existingProvider() + " credential: its OpenAI settings are skipped)"));
        }

        List<PlannedCredential> merged = plan.merged();
        section(out, "Merged duplicate keys", merged.size(), plan.mergedRows() + " OpenaiCreds rows");
        for (PlannedCredential credential : merged) {
            out.println("  * OpenaiCreds " + String.join(", ", credential.legacyCredsIds()) + " share the key "
                    + credential.key().hint() + " -> " + describe(credential));
        }

        List<PlannedBinding> create = plan.bindings(BindingStatus.CREATE);
        section(out, "Bindings to create", create.size());
        create.forEach(binding -> out.println("  + " + describe(binding)));

        List<PlannedBinding> inPlace = plan.bindings(BindingStatus.IN_PLACE);
        section(out, "Bindings already in place", inPlace.size());
        inPlace.forEach(binding -> out.println("  = " + describe(binding)));

        List<PlannedBinding> kept = plan.bindings(BindingStatus.HELD_BY_OTHER);
        section(out, "Bindings left as they are (the registry binds another credential; the import never replaces "
                + "a binding)", kept.size());
        kept.forEach(binding -> out.println("  ! " + describe(binding) + "; the registry has " + binding.heldBy()));

        section(out, "Skipped rows", plan.skipped().size());
        Map<String, List<Skip>> byTable = plan.skipped().stream()
                .collect(Collectors.groupingBy(Skip::table, java.util.LinkedHashMap::new, Collectors.toList()));
        byTable.forEach((table, skips) -> skips.forEach(skip ->
                out.println("  - " + table + " " + (skip.id() == null ? "(no id)" : skip.id()) + ": "
                        + skip.reason())));

        if (!plan.notes().isEmpty()) {
            section(out, "Notes", plan.notes().size());
            plan.notes().forEach(note -> out.println("  ~ " + note));
        }
        out.println();
        out.println("Plan: " + toCreate.size() + " credentials to create, " + reused.size() + " reused, "
                + merged.size() + " merged duplicate keys (" + plan.mergedRows() + " rows), " + create.size()
                + " bindings to create, " + inPlace.size() + " already in place, " + kept.size()
                + " left as they are, " + plan.skipped().size() + " rows skipped");
        out.println("plan-summary " + plan.summary());
    }

    static String describe(PlannedCredential credential) {
        return credential.isNew() ? "\"" + credential.name() + "\"" : "credential " + credential.existingId();
    }

    static String describe(PlannedBinding binding) {
        return binding.setting().instanceId() + " " + binding.setting().settingKey() + " -> "
                + describe(binding.credential()) + "  (" + binding.origin().table + " " + binding.legacyId()
                + ", Instance " + binding.legacyInstanceId() + ", OpenaiCreds " + binding.legacyCredsId()
                + (binding.disabled() ? "; the bot is disabled in the source" : "") + ")";
    }

    private static void section(PrintStream out, String title, int count) {
        out.println();
        out.println(title + ": " + count);
    }

    private static void section(PrintStream out, String title, int count, String detail) {
        out.println();
        out.println(title + ": " + count + " (" + detail + ")");
    }
}
