package io.credreg.command.importing;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.importing.ImportPlan.BindingStatus;
import io.credreg.command.importing.ImportPlan.PlannedBinding;
import io.credreg.command.importing.ImportPlan.PlannedCredential;
import io.credreg.command.importing.SourceSnapshot.BotRow;
import io.credreg.command.importing.SourceSnapshot.CredsRow;
import io.credreg.command.importing.SourceSnapshot.InstanceRow;
import io.credreg.command.importing.SourceSnapshot.SettingRow;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The import's decisions, from rows to plan, without a database. */
class ImportPlannerTest {

    private static final String KEY_A = "sk-live-aaaaaaaaaaaaaaaaaaaa1111";
    private static final String KEY_B = "sk-live-bbbbbbbbbbbbbbbbbbbb2222";
    private static final String KEY_C = "sk-live-cccccccccccccccccccc3333";
    /** A stand-in for the registry's keyed fingerprint. */
    private static final Function<ApiKey, String> FINGERPRINT = key -> "fp:" + key.reveal();

    private final List<InstanceRow> instances = new ArrayList<>();
    private final List<CredsRow> creds = new ArrayList<>();
    private final List<SettingRow> settings = new ArrayList<>();
    private final List<BotRow> bots = new ArrayList<>();

    private ImportPlan plan() {
        return plan(TargetState.empty(true));
    }

    private ImportPlan plan(TargetState target) {
        return ImportPlanner.plan(source(), FINGERPRINT, target);
    }

    private SourceSnapshot source() {
        return new SourceSnapshot(instances, creds, settings, bots);
    }

    private void instance(String id, String name) {
        instances.add(new InstanceRow(id, name));
    }

    private void creds(String id, String name, String key, String instanceId) {
        creds.add(new CredsRow(id, name, key, instanceId));
    }

    private static List<String> skips(ImportPlan plan) {
        return plan.skipped().stream().map(s -> s.table() + " " + s.id() + ": " + s.reason()).toList();
    }

    private static PlannedBinding binding(ImportPlan plan, String instance, String key) {
        return plan.bindings().stream().filter(b -> b.setting().equals(new SettingRef(instance, key))).findFirst()
                .orElseThrow(() -> new AssertionError("no binding of " + instance + " " + key + " in "
                        + plan.bindings()));
    }

    @Test
    void rowsWithTheSameKeyBecomeOneCredentialAndEachSettingAndBotABinding() {
        instance("i1", "acme-1");
        instance("i2", "acme-2");
        creds("c1", "Acme", KEY_A, "i1");
        creds("c2", "Acme (second instance)", KEY_A, "i2");
        settings.add(new SettingRow("s1", "i1", "c1"));
        settings.add(new SettingRow("s2", "i2", "c2"));
        bots.add(new BotRow("b1", "i1", "c1", true));

        ImportPlan plan = plan();

        assertThat(plan.toCreate()).singleElement().satisfies(credential -> {
            assertThat(credential.name()).isEqualTo("Acme");
            assertThat(credential.legacyCredsIds()).containsExactly("c1", "c2");
            assertThat(credential.key().reveal()).isEqualTo(KEY_A);
        });
        assertThat(plan.merged()).hasSize(1);
        assertThat(plan.mergedRows()).isEqualTo(2);
        assertThat(plan.bindings()).extracting(PlannedBinding::setting).containsExactly(
                new SettingRef("acme-1", "openai.default"), new SettingRef("acme-2", "openai.default"),
                new SettingRef("acme-1", "openai.bot.b1"));
        assertThat(plan.bindings()).allSatisfy(b -> {
            assertThat(b.status()).isEqualTo(BindingStatus.CREATE);
            assertThat(b.credential()).isSameAs(plan.toCreate().get(0));
        });
        PlannedBinding second = binding(plan, "acme-2", "openai.default");
        assertThat(second.legacyId()).isEqualTo("s2");
        assertThat(second.legacyInstanceId()).isEqualTo("i2");
        assertThat(second.legacyCredsId()).isEqualTo("c2");
        assertThat(plan.skipped()).isEmpty();
        assertThat(plan.summary()).isEqualTo("credentials.create=1 credentials.reused=0 merged.keys=1 merged.rows=2 "
                + "bindings.create=3 bindings.in-place=0 bindings.kept=0 skipped=0");
    }

    @Test
    void keysAreTrimmedSoAPaddedCopyMergesAndTheTrimIsReported() {
        creds("c1", "Acme", KEY_A, "i1");
        creds("c2", "Padded", "  " + KEY_A + "\t\n", "i1");

        ImportPlan plan = plan();

        assertThat(plan.toCreate()).singleElement().satisfies(credential -> {
            assertThat(credential.key().reveal()).isEqualTo(KEY_A);
            assertThat(credential.legacyCredsIds()).containsExactly("c1", "c2");
        });
        assertThat(plan.notes()).singleElement().asString().contains("OpenaiCreds c2").contains("trimmed");
    }

    @Test
    void unusableKeysSkipTheirRowAndEveryRowThatNeedsThem() {
        instance("i1", "acme");
        creds("c1", "null key", null, "i1");
        creds("c2", "empty key", "", "i1");
        creds("c3", "blank key", " \t ", "i1");
        creds("c4", "huge key", "sk-" + "x".repeat(8 * 1024), "i1");
        settings.add(new SettingRow("s1", "i1", "c1"));
        bots.add(new BotRow("b1", "i1", "c3", true));

        ImportPlan plan = plan();

        assertThat(plan.credentials()).isEmpty();
        assertThat(plan.bindings()).isEmpty();
        assertThat(skips(plan)).containsExactly(
                "OpenaiCreds c1: apiKey is null",
                "OpenaiCreds c2: apiKey is empty or only whitespace",
                "OpenaiCreds c3: apiKey is empty or only whitespace",
                "OpenaiCreds c4: apiKey is longer than 8 KiB",
                "OpenaiSetting s1: OpenaiCreds c1 has no usable key (apiKey is null)",
                "OpenaiBot b1: OpenaiCreds c3 has no usable key (apiKey is empty or only whitespace)");
    }

    @Test
    void danglingReferencesAreSkippedWithTheirReason() {
        instance("i1", "acme");
        creds("c1", "Acme", KEY_A, "i-gone");
        settings.add(new SettingRow("s1", "i1", "c-gone"));
        settings.add(new SettingRow("s2", "i-gone", "c1"));
        settings.add(new SettingRow("s3", null, "c1"));
        bots.add(new BotRow("b1", "i1", null, true));

        ImportPlan plan = plan();

        // A key whose own instance is gone is still a key of the platform: it is imported, unbound.
        assertThat(plan.toCreate()).extracting(PlannedCredential::name).containsExactly("Acme");
        assertThat(plan.bindings()).isEmpty();
        assertThat(skips(plan)).containsExactly(
                "OpenaiSetting s1: OpenaiCreds c-gone does not exist",
                "OpenaiSetting s2: Instance i-gone does not exist",
                "OpenaiSetting s3: instanceId is null",
                "OpenaiBot b1: openaiCredsId is null");
    }

    @Test
    void anInstanceIsIdentifiedByItsNameWhichMustBeAValidAndUnambiguousInstanceId() {
        instance("i1", "My Shop");
        instance("i2", "dup");
        instance("i3", "dup");
        instance("i4", null);
        instance("i5", "  ");
        instance("i6", "Loja.São-Paulo");
        instance("i7", "ok_1:prod@eu");
        creds("c1", "Acme", KEY_A, "i1");
        for (int i = 1; i <= 7; i++) {
            settings.add(new SettingRow("s" + i, "i" + i, "c1"));
        }

        ImportPlan plan = plan();

        assertThat(plan.bindings()).extracting(b -> b.setting().instanceId()).containsExactly("ok_1:prod@eu");
        assertThat(skips(plan)).containsExactly(
                "OpenaiSetting s1: Instance i1 is named 'My Shop', which is not a valid registry instance id "
                        + "(1 to 128 of A-Z a-z 0-9 . _ : @ -, starting with a letter or digit)",
                "OpenaiSetting s2: instance name 'dup' belongs to several Instance rows (i2, i3), so it is ambiguous",
                "OpenaiSetting s3: instance name 'dup' belongs to several Instance rows (i2, i3), so it is ambiguous",
                "OpenaiSetting s4: Instance i4 has no name",
                "OpenaiSetting s5: Instance i5 is named '  ', which is not a valid registry instance id "
                        + "(1 to 128 of A-Z a-z 0-9 . _ : @ -, starting with a letter or digit)",
                "OpenaiSetting s6: Instance i6 is named 'Loja.São-Paulo', which is not a valid registry instance id "
                        + "(1 to 128 of A-Z a-z 0-9 . _ : @ -, starting with a letter or digit)");
    }

    @Test
    void instanceNamesDifferingOnlyInCaseAreDifferentInstances() {
        instance("i1", "Acme");
        instance("i2", "acme");
        creds("c1", "Acme", KEY_A, "i1");
        settings.add(new SettingRow("s1", "i1", "c1"));
        settings.add(new SettingRow("s2", "i2", "c1"));

        assertThat(plan().bindings()).extracting(b -> b.setting().instanceId()).containsExactly("Acme", "acme");
    }

    @Test
    void severalSettingsOfOneInstanceTheSmallestIdWins() {
        instance("i1", "acme");
        creds("c1", "First", KEY_A, "i1");
        creds("c2", "Second", KEY_B, "i1");
        creds("c3", "Copy of first", KEY_A, "i1");
        // numeric ids compare as numbers: 9 comes before 10
        settings.add(new SettingRow("10", "i1", "c2"));
        settings.add(new SettingRow("9", "i1", "c1"));
        settings.add(new SettingRow("11", "i1", "c3"));

        ImportPlan plan = plan();

        PlannedBinding winner = binding(plan, "acme", "openai.default");
        assertThat(winner.legacyId()).isEqualTo("9");
        assertThat(winner.credential().name()).isEqualTo("First");
        assertThat(skips(plan)).containsExactly(
                "OpenaiSetting 10: instance 'acme' has several OpenaiSetting rows for openai.default; "
                        + "OpenaiSetting 9 (the smallest id) wins",
                "OpenaiSetting 11: same setting and key as OpenaiSetting 9 (instance 'acme'), which is imported");
    }

    @Test
    void botsBindTheirOwnSettingDisabledOnesIncludedAndInvalidBotIdsAreSkipped() {
        instance("i1", "acme");
        creds("c1", "Acme", KEY_A, "i1");
        bots.add(new BotRow("clx1enabled", "i1", "c1", true));
        bots.add(new BotRow("clx2disabled", "i1", "c1", false));
        bots.add(new BotRow("clx3unknown", "i1", "c1", null));
        bots.add(new BotRow("Bot With Spaces", "i1", "c1", true));

        ImportPlan plan = plan();

        assertThat(plan.bindings()).extracting(b -> b.setting().settingKey(), PlannedBinding::disabled)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("openai.bot.clx1enabled", false),
                        org.assertj.core.groups.Tuple.tuple("openai.bot.clx2disabled", true),
                        org.assertj.core.groups.Tuple.tuple("openai.bot.clx3unknown", false));
        assertThat(skips(plan)).containsExactly("OpenaiBot Bot With Spaces: 'openai.bot.Bot With Spaces' is not a "
                + "valid registry setting key (lower-case letters, digits and . _ : -, at most 128 characters)");
    }

    @Test
    void aNameTakenByAnotherKeyGetsTheLegacyIdCaseInsensitivelyAndAgainstTheRegistry() {
        creds("c1", "Default", KEY_A, "i1");
        creds("c2", "default", KEY_B, "i2");
        creds("c3", "Prod", KEY_C, "i3");
        TargetState target = new TargetState(true, Map.of(), Set.of("prod"), Map.of());

        ImportPlan plan = plan(target);

        assertThat(plan.toCreate()).extracting(PlannedCredential::name)
                .containsExactly("Default", "default (c2)", "Prod (c3)");
        assertThat(plan.toCreate().get(1).nameNote()).contains("taken");
    }

    @Test
    void namesAreTidiedButUnicodeIsKept() {
        creds("c1", "  Café ☕\tbot\n", KEY_A, "i1");
        creds("c2", "Ключ 日本", KEY_B, "i1");
        creds("c3", "😀".repeat(150), KEY_C, "i1");

        List<PlannedCredential> created = plan().toCreate();

        assertThat(created.get(0).name()).isEqualTo("Café ☕ bot");
        assertThat(created.get(0).nameNote()).contains("tidied");
        assertThat(created.get(1).name()).isEqualTo("Ключ 日本");
        assertThat(created.get(1).nameNote()).isNull();
        // 150 emoji are 300 chars; cut to 200 without splitting a surrogate pair
        assertThat(created.get(2).name()).hasSize(200).isEqualTo("😀".repeat(100));
    }

    @Test
    void aMissingNameOrOneThatContainsTheKeyIsReplacedByOneFromTheLegacyId() {
        creds("c1", null, KEY_A, "i1");
        creds("c2", "my key is " + KEY_B, KEY_B, "i1");
        creds("c3", "   ", KEY_C, "i1");

        List<PlannedCredential> created = plan().toCreate();

        assertThat(created).extracting(PlannedCredential::name)
                .containsExactly("Evolution OpenAI c1", "Evolution OpenAI c2", "Evolution OpenAI c3");
        assertThat(created.get(1).nameNote()).contains("contains its key");
    }

    @Test
    void aMergedGroupTakesTheFirstUsableNameInIdOrder() {
        creds("c2", "Second", KEY_A, "i1");
        creds("c1", null, KEY_A, "i1");
        creds("c3", "Third", KEY_A, "i1");

        assertThat(plan().toCreate()).singleElement().satisfies(credential -> {
            assertThat(credential.name()).isEqualTo("Second");
            assertThat(credential.legacyCredsIds()).containsExactly("c1", "c2", "c3");
        });
    }

    @Test
    void aKeyTheRegistryHoldsIsReusedAndItsBindingsAreInPlaceKeptOrNew() {
        instance("i1", "acme-1");
        instance("i2", "acme-2");
        instance("i3", "acme-3");
        creds("c1", "Acme", KEY_A, "i1");
        settings.add(new SettingRow("s1", "i1", "c1"));
        settings.add(new SettingRow("s2", "i2", "c1"));
        settings.add(new SettingRow("s3", "i3", "c1"));
        TargetState target = new TargetState(true, Map.of("fp:" + KEY_A, new TargetState.Existing("cred-a", "openai")),
                Set.of("acme"), Map.of(new SettingRef("acme-1", "openai.default"), "cred-a",
                new SettingRef("acme-2", "openai.default"), "cred-other"));

        ImportPlan plan = plan(target);

        assertThat(plan.toCreate()).isEmpty();
        assertThat(plan.reused()).singleElement().satisfies(c -> assertThat(c.existingId()).isEqualTo("cred-a"));
        assertThat(binding(plan, "acme-1", "openai.default").status()).isEqualTo(BindingStatus.IN_PLACE);
        PlannedBinding kept = binding(plan, "acme-2", "openai.default");
        assertThat(kept.status()).isEqualTo(BindingStatus.HELD_BY_OTHER);
        assertThat(kept.heldBy()).isEqualTo("cred-other");
        assertThat(binding(plan, "acme-3", "openai.default").status()).isEqualTo(BindingStatus.CREATE);
    }

    @Test
    void aKeyRegisteredForAnotherProviderCannotFillOpenAiSettings() {
        instance("i1", "acme");
        creds("c1", "Acme", KEY_A, "i1");
        settings.add(new SettingRow("s1", "i1", "c1"));
        TargetState target = new TargetState(true, Map.of("fp:" + KEY_A, new TargetState.Existing("cred-d", "dify")),
                Set.of(), Map.of());

        ImportPlan plan = plan(target);

        assertThat(plan.reused()).hasSize(1);
        assertThat(plan.bindings()).isEmpty();
        assertThat(skips(plan)).singleElement().asString().contains("credential cred-d of provider dify");
    }

    @Test
    void idsThatOccurTwiceAreAmbiguousAndSkipped() {
        instance("i1", "acme");
        instance("i1", "acme-again");
        instance("i2", "beta");
        creds("c1", "One", KEY_A, "i2");
        creds("c1", "Other", KEY_B, "i2");
        creds("c2", "Fine", KEY_C, "i2");
        settings.add(new SettingRow("s1", "i1", "c2"));
        settings.add(new SettingRow("s2", "i2", "c1"));
        bots.add(new BotRow("b1", "i2", "c2", true));
        bots.add(new BotRow("b1", "i2", "c2", true));

        ImportPlan plan = plan();

        assertThat(plan.toCreate()).extracting(PlannedCredential::name).containsExactly("Fine");
        assertThat(plan.bindings()).isEmpty();
        assertThat(skips(plan)).containsExactly(
                "OpenaiCreds c1: its id occurs in 2 OpenaiCreds rows, so references to it are ambiguous",
                "OpenaiCreds c1: its id occurs in 2 OpenaiCreds rows, so references to it are ambiguous",
                "OpenaiSetting s1: Instance id i1 occurs in 2 rows",
                "OpenaiSetting s2: OpenaiCreds id c1 occurs in 2 rows",
                "OpenaiBot b1: its id occurs in 2 OpenaiBot rows, so references to it are ambiguous",
                "OpenaiBot b1: its id occurs in 2 OpenaiBot rows, so references to it are ambiguous");
    }

    @Test
    void rowsWithoutAnIdAreReported() {
        instance("i1", "acme");
        creds(null, "No id", KEY_A, "i1");
        settings.add(new SettingRow(null, "i1", "c1"));

        assertThat(skips(plan())).containsExactly("OpenaiCreds null: id is null", "OpenaiSetting null: id is null");
    }

    @Test
    void withoutAMasterKeyNothingCanBeRecognisedSoEverythingIsNew() {
        creds("c1", "Acme", KEY_A, "i1");
        TargetState target = new TargetState(false, Map.of("fp:" + KEY_A, new TargetState.Existing("x", "openai")),
                Set.of(), Map.of());

        ImportPlan plan = ImportPlanner.plan(source(), key -> null, target);

        assertThat(plan.toCreate()).hasSize(1);
        assertThat(plan.fingerprintsKnown()).isFalse();
    }

    @Test
    void planningAgainstWhatTheFirstImportWroteCreatesNothing() {
        instance("i1", "acme-1");
        instance("i2", "acme-2");
        creds("c1", "Default", KEY_A, "i1");
        creds("c2", "Default", KEY_B, "i2");
        creds("c3", "Default", " " + KEY_A, "i2");
        settings.add(new SettingRow("s1", "i1", "c1"));
        settings.add(new SettingRow("s2", "i2", "c2"));
        bots.add(new BotRow("b1", "i2", "c3", false));
        ImportPlan first = plan();

        // What executing the first plan leaves in the registry's lookups.
        Map<String, TargetState.Existing> byFingerprint = new HashMap<>();
        Set<String> names = new HashSet<>();
        Map<PlannedCredential, String> ids = new java.util.IdentityHashMap<>();
        for (PlannedCredential credential : first.toCreate()) {
            String id = "new-" + credential.firstLegacyId();
            ids.put(credential, id);
            byFingerprint.put(FINGERPRINT.apply(credential.key()), new TargetState.Existing(id, "openai"));
            names.add(io.credreg.command.lookup.CommandLookups.nameKey(credential.name()));
        }
        Map<SettingRef, String> slots = new HashMap<>();
        first.bindings(BindingStatus.CREATE).forEach(b -> slots.put(b.setting(), ids.get(b.credential())));

        ImportPlan second = plan(new TargetState(true, byFingerprint, names, slots));

        assertThat(first.toCreate()).extracting(PlannedCredential::name).containsExactly("Default", "Default (c2)");
        assertThat(second.toCreate()).isEmpty();
        assertThat(second.reused()).extracting(PlannedCredential::existingId).containsExactly("new-c1", "new-c2");
        assertThat(second.bindings(BindingStatus.CREATE)).isEmpty();
        assertThat(second.bindings(BindingStatus.IN_PLACE)).hasSize(3);
        assertThat(second.skipped()).isEqualTo(first.skipped());
    }

    @Test
    void noKeyIsEverPrintedOrShownByToString() {
        instance("i1", "acme");
        creds("c1", "Acme", KEY_A, "i1");
        creds("c2", KEY_B, KEY_B, "i1");
        creds("c3", "Null", null, "i1");
        settings.add(new SettingRow("s1", "i1", "c1"));
        bots.add(new BotRow("b1", "i1", "c2", true));
        ImportPlan plan = plan();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        PlanPrinter.print(plan, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("…1111", "…2222", "Credentials to create: 2", "Bindings to create: 2",
                "Skipped rows: 1", "plan-summary credentials.create=2");
        for (String text : List.of(printed, plan.toString(), source().toString())) {
            assertThat(text).doesNotContain(KEY_A).doesNotContain(KEY_B);
        }
    }

    @Test
    void idOrderIsNumericForNumbersAndTextualOtherwise() {
        List<String> ids = new ArrayList<>(List.of("10", "9", "clx2", "clx10", "002", "2"));
        ids.sort(ImportPlanner.ID_ORDER);
        assertThat(ids).containsExactly("002", "2", "9", "10", "clx10", "clx2");
    }

    @Test
    void nameCandidatesStayWithinTheLimit() {
        String longName = "n".repeat(250);
        assertThat(ImportPlanner.nameCandidate(longName, "c7", 0)).hasSize(200);
        assertThat(ImportPlanner.nameCandidate(longName, "c7", 1)).hasSize(200).endsWith(" (c7)");
        assertThat(ImportPlanner.nameCandidate("Prod", "c7", 2)).isEqualTo("Prod (c7) 2");
        assertThat(ImportPlanner.nameCandidate("Prod", "c".repeat(300), 1)).hasSizeLessThanOrEqualTo(200);
    }
}
