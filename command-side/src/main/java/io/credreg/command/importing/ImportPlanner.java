package io.credreg.command.importing;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.importing.ImportPlan.BindingStatus;
import io.credreg.command.importing.ImportPlan.Origin;
import io.credreg.command.importing.ImportPlan.PlannedBinding;
import io.credreg.command.importing.ImportPlan.PlannedCredential;
import io.credreg.command.importing.ImportPlan.Skip;
import io.credreg.command.importing.SourceSnapshot.BotRow;
import io.credreg.command.importing.SourceSnapshot.CredsRow;
import io.credreg.command.importing.SourceSnapshot.InstanceRow;
import io.credreg.command.importing.SourceSnapshot.SettingRow;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.validation.Patterns;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Decides what an import of Evolution's OpenAI credentials does. Pure: rows and the registry's state in, a plan
 * out; nothing here reads or writes anything, so the dry run and the real run print the same plan.
 * <p>
 * The rules, which {@code docs/operations/import-from-evolution.md} explains:
 * <ul>
 * <li>Keys are trimmed; a null, blank or over-long key makes its OpenaiCreds row unusable.</li>
 * <li>Rows with the same (trimmed) key are one credential; its name is the first usable name in id order.</li>
 * <li>A key an active credential already holds reuses it; nothing is created.</li>
 * <li>A name taken by another credential (existing, or planned before it) becomes {@code name (legacy id)}.</li>
 * <li>An instance is identified by its name, which must be a valid registry instance id and belong to one row.</li>
 * <li>Each OpenaiSetting binds {@code openai.default}, each OpenaiBot {@code openai.bot.<id>}, disabled or not.</li>
 * <li>Several rows for one setting: the smallest id wins.</li>
 * <li>A setting the registry binds already is left alone: in place when it holds the same credential, kept
 * (reported) when it holds another one.</li>
 * <li>Rows whose id occurs more than once in their table are ambiguous and skipped.</li>
 * </ul>
 * "Id order" compares ids as numbers when both are digits only, as text otherwise: for serial and cuid ids that is
 * the order they were created in.
 */
final class ImportPlanner {

    static final String PROVIDER = "openai";
    static final String DEFAULT_SETTING = "openai.default";
    static final String BOT_SETTING_PREFIX = "openai.bot.";
    static final String INSTANCE = "Instance";
    static final String CREDS = "OpenaiCreds";
    static final String SETTING = "OpenaiSetting";
    static final String BOT = "OpenaiBot";
    /** The limits of the HTTP edge (CredentialRequests): a name of at most 200 characters, a secret of 8 KiB. */
    static final int MAX_NAME_LENGTH = 200;
    static final int MAX_KEY_BYTES = 8 * 1024;

    private static final Pattern INSTANCE_ID = Pattern.compile(Patterns.INSTANCE_ID);
    private static final Pattern SETTING_KEY = Pattern.compile(Patterns.SETTING_KEY);
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}+");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** Numbers as numbers, anything else as text; nulls last. */
    static final Comparator<String> ID_ORDER = Comparator.nullsLast((a, b) -> {
        if (DIGITS.matcher(a).matches() && DIGITS.matcher(b).matches()) {
            int numeric = new BigInteger(a).compareTo(new BigInteger(b));
            return numeric != 0 ? numeric : a.compareTo(b);
        }
        return a.compareTo(b);
    });

    private ImportPlanner() {
    }

    /** The distinct usable keys of the source, for the caller to fingerprint and look up before planning. */
    static List<ApiKey> usableKeys(SourceSnapshot source) {
        Set<ApiKey> keys = new LinkedHashSet<>();
        for (CredsRow row : source.creds()) {
            if (keyProblem(row.apiKey()) == null) {
                keys.add(new ApiKey(row.apiKey().strip()));
            }
        }
        return List.copyOf(keys);
    }

    /**
     * @param fingerprint the registry's fingerprint of a key, or null when it cannot be computed (no master key yet)
     */
    static ImportPlan plan(SourceSnapshot source, Function<ApiKey, String> fingerprint, TargetState target) {
        return new Planning(source, fingerprint, target).run();
    }

    /** Why a raw key cannot be imported, or null when it can. */
    static String keyProblem(String raw) {
        if (raw == null) {
            return "apiKey is null";
        }
        if (raw.isBlank()) {
            return "apiKey is empty or only whitespace";
        }
        if (raw.strip().getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return "apiKey is longer than 8 KiB";
        }
        return null;
    }

    /**
     * The names to try for a new credential, best first: the name itself, then the name with the legacy id, then
     * numbered; each cut to the registry's 200 characters.
     */
    static String nameCandidate(String base, String legacyId, int attempt) {
        if (attempt == 0) {
            return cut(base, MAX_NAME_LENGTH);
        }
        String suffix = " (" + legacyId + ")" + (attempt == 1 ? "" : " " + attempt);
        if (suffix.length() >= MAX_NAME_LENGTH) {
            suffix = suffix.substring(suffix.length() - MAX_NAME_LENGTH / 2);
        }
        return cut(base, MAX_NAME_LENGTH - suffix.length()).strip() + suffix;
    }

    /** Cuts to at most {@code max} chars without splitting a surrogate pair. */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    /** A source name as a registry name: control characters become spaces, blanks are trimmed; null if none left. */
    static String cleanName(String name) {
        if (name == null) {
            return null;
        }
        String clean = CONTROL.matcher(name).replaceAll(" ").strip();
        return clean.isEmpty() ? null : clean;
    }

    static String validInstanceIdProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "has no name";
        }
        if (!INSTANCE_ID.matcher(name).matches()) {
            return "is named '" + printable(name) + "', which is not a valid registry instance id (1 to 128 of "
                    + "A-Z a-z 0-9 . _ : @ -, starting with a letter or digit)";
        }
        return null;
    }

    /** Shows control characters of a name in a one-line report as '?'. */
    static String printable(String text) {
        return CONTROL.matcher(text).replaceAll("?");
    }

    /** One planning run; holds the indexes built from the rows. */
    private static final class Planning {

        private final SourceSnapshot source;
        private final Function<ApiKey, String> fingerprint;
        private final TargetState target;
        private final List<Skip> skipped = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        /** Instance id to the registry instance id (its name), or to why it cannot be one. */
        private final Map<String, Resolution<String>> instances = new LinkedHashMap<>();
        /** OpenaiCreds id to its key group, or to why it is not usable. */
        private final Map<String, Resolution<PlannedCredential>> creds = new LinkedHashMap<>();

        Planning(SourceSnapshot source, Function<ApiKey, String> fingerprint, TargetState target) {
            this.source = source;
            this.fingerprint = fingerprint;
            this.target = target;
        }

        ImportPlan run() {
            indexInstances();
            List<PlannedCredential> credentials = planCredentials();
            List<PlannedBinding> bindings = planBindings();
            Map<String, Integer> counts = new LinkedHashMap<>();
            counts.put(INSTANCE, source.instances().size());
            counts.put(CREDS, source.creds().size());
            counts.put(SETTING, source.settings().size());
            counts.put(BOT, source.bots().size());
            return new ImportPlan(credentials, bindings, skipped, notes, counts, target.fingerprintsKnown());
        }

        // ------------------------------------------------------------------------------------------ instances

        private void indexInstances() {
            Map<String, List<InstanceRow>> byId = groupById(source.instances(), InstanceRow::id);
            Map<String, List<String>> idsByName = new LinkedHashMap<>();
            byId.forEach((id, rows) -> {
                if (rows.size() == 1 && validInstanceIdProblem(rows.get(0).name()) == null) {
                    idsByName.computeIfAbsent(rows.get(0).name(), name -> new ArrayList<>()).add(id);
                }
            });
            byId.forEach((id, rows) -> {
                if (rows.size() > 1) {
                    instances.put(id, Resolution.failed("Instance id " + id + " occurs in " + rows.size()
                            + " rows"));
                    return;
                }
                String name = rows.get(0).name();
                String problem = validInstanceIdProblem(name);
                if (problem != null) {
                    instances.put(id, Resolution.failed("Instance " + id + " " + problem));
                    return;
                }
                List<String> sharing = idsByName.get(name);
                if (sharing.size() > 1) {
                    instances.put(id, Resolution.failed("instance name '" + name + "' belongs to several Instance "
                            + "rows (" + String.join(", ", sharing) + "), so it is ambiguous"));
                    return;
                }
                instances.put(id, Resolution.of(name));
            });
        }

        private Resolution<String> instance(String instanceId) {
            if (instanceId == null) {
                return Resolution.failed("instanceId is null");
            }
            return instances.getOrDefault(instanceId,
                    Resolution.failed("Instance " + instanceId + " does not exist"));
        }

        // ------------------------------------------------------------------------------------------ credentials

        private List<PlannedCredential> planCredentials() {
            Map<ApiKey, List<CredsRow>> groups = new LinkedHashMap<>();
            for (Map.Entry<String, List<CredsRow>> entry : groupById(source.creds(), CredsRow::id).entrySet()) {
                String id = entry.getKey();
                List<CredsRow> rows = entry.getValue();
                if (rows.size() > 1) {
                    skipAll(CREDS, id, rows.size());
                    creds.put(id, Resolution.failed("OpenaiCreds id " + id + " occurs in " + rows.size() + " rows"));
                    continue;
                }
                CredsRow row = rows.get(0);
                String problem = keyProblem(row.apiKey());
                if (problem != null) {
                    skipped.add(new Skip(CREDS, id, problem));
                    creds.put(id, Resolution.failed("OpenaiCreds " + id + " has no usable key (" + problem + ")"));
                    continue;
                }
                if (!row.apiKey().equals(row.apiKey().strip())) {
                    notes.add("OpenaiCreds " + id + ": its apiKey had surrounding whitespace, which was trimmed");
                }
                groups.computeIfAbsent(new ApiKey(row.apiKey().strip()), key -> new ArrayList<>()).add(row);
            }
            skipNullIds(CREDS, source.creds().stream().map(CredsRow::id).toList());

            Set<String> takenNames = new HashSet<>(target.takenNameKeys());
            List<PlannedCredential> planned = new ArrayList<>();
            for (Map.Entry<ApiKey, List<CredsRow>> group : groups.entrySet()) {
                PlannedCredential credential = planCredential(group.getKey(), group.getValue(), takenNames);
                planned.add(credential);
                group.getValue().forEach(row -> creds.put(row.id(), Resolution.of(credential)));
            }
            return planned;
        }

        private PlannedCredential planCredential(ApiKey key, List<CredsRow> rows, Set<String> takenNames) {
            List<String> ids = rows.stream().map(CredsRow::id).toList();
            String fp = fingerprint.apply(key);
            TargetState.Existing existing = fp == null ? null : target.byFingerprint().get(fp);
            if (existing != null) {
                return new PlannedCredential(key, ids, null, null, existing.credentialId(), existing.provider());
            }
            String base = null;
            String sourceName = null;
            String note = null;
            for (CredsRow row : rows) {
                String clean = cleanName(row.name());
                if (clean != null && containsKey(clean, key)) {
                    note = "the name of OpenaiCreds " + row.id() + " contains its key, so it is not used";
                } else if (clean != null) {
                    base = clean;
                    sourceName = row.name();
                    break;
                }
            }
            String firstId = ids.get(0);
            if (base == null) {
                base = "Evolution OpenAI " + firstId;
                note = note != null ? note : "no OpenaiCreds row of this key has a name";
            }
            for (int attempt = 0; ; attempt++) {
                String candidate = nameCandidate(base, firstId, attempt);
                if (takenNames.add(CommandLookups.nameKey(candidate))) {
                    if (attempt > 0) {
                        note = "the name '" + cut(base, MAX_NAME_LENGTH) + "' is taken by another credential";
                    } else if (sourceName != null && !candidate.equals(sourceName)) {
                        note = "the source's name was tidied (control characters, surrounding blanks or length)";
                    }
                    return new PlannedCredential(key, ids, candidate, note, null, null);
                }
            }
        }

        /** A name that gives the key away must not become a name: names are stored and shown in the clear. */
        private static boolean containsKey(String name, ApiKey key) {
            String secret = key.reveal();
            return secret.length() >= 6 ? name.contains(secret) : name.equalsIgnoreCase(secret);
        }

        private Resolution<PlannedCredential> credential(String credsId) {
            if (credsId == null) {
                return Resolution.failed("openaiCredsId is null");
            }
            return creds.getOrDefault(credsId, Resolution.failed("OpenaiCreds " + credsId + " does not exist"));
        }

        // ------------------------------------------------------------------------------------------ bindings

        private record Candidate(SettingRef setting, PlannedCredential credential, Origin origin, String legacyId,
                                 String legacyInstanceId, String legacyCredsId, boolean disabled) {
        }

        private List<PlannedBinding> planBindings() {
            Map<SettingRef, List<Candidate>> bySetting = new LinkedHashMap<>();
            for (Map.Entry<String, List<SettingRow>> entry : groupById(source.settings(), SettingRow::id).entrySet()) {
                if (entry.getValue().size() > 1) {
                    skipAll(SETTING, entry.getKey(), entry.getValue().size());
                    continue;
                }
                SettingRow row = entry.getValue().get(0);
                candidate(SETTING, row.id(), row.instanceId(), row.credsId(), DEFAULT_SETTING, Origin.SETTING, false)
                        .ifPresent(c -> bySetting.computeIfAbsent(c.setting(), s -> new ArrayList<>()).add(c));
            }
            skipNullIds(SETTING, source.settings().stream().map(SettingRow::id).toList());
            for (Map.Entry<String, List<BotRow>> entry : groupById(source.bots(), BotRow::id).entrySet()) {
                if (entry.getValue().size() > 1) {
                    skipAll(BOT, entry.getKey(), entry.getValue().size());
                    continue;
                }
                BotRow row = entry.getValue().get(0);
                String settingKey = BOT_SETTING_PREFIX + row.id();
                if (!SETTING_KEY.matcher(settingKey).matches()) {
                    skipped.add(new Skip(BOT, row.id(), "'" + printable(settingKey) + "' is not a valid registry "
                            + "setting key (lower-case letters, digits and . _ : -, at most 128 characters)"));
                    continue;
                }
                candidate(BOT, row.id(), row.instanceId(), row.credsId(), settingKey, Origin.BOT,
                        Boolean.FALSE.equals(row.enabled()))
                        .ifPresent(c -> bySetting.computeIfAbsent(c.setting(), s -> new ArrayList<>()).add(c));
            }
            skipNullIds(BOT, source.bots().stream().map(BotRow::id).toList());

            List<PlannedBinding> bindings = new ArrayList<>();
            bySetting.forEach((setting, candidates) -> {
                Candidate winner = candidates.get(0);
                for (Candidate loser : candidates.subList(1, candidates.size())) {
                    String reason = loser.credential() == winner.credential()
                            ? "same setting and key as " + winner.origin().table + " " + winner.legacyId()
                            + " (instance '" + setting.instanceId() + "'), which is imported"
                            : "instance '" + setting.instanceId() + "' has several " + loser.origin().table
                            + " rows for " + setting.settingKey() + "; " + winner.origin().table + " "
                            + winner.legacyId() + " (the smallest id) wins";
                    skipped.add(new Skip(loser.origin().table, loser.legacyId(), reason));
                }
                bindings.add(binding(winner));
            });
            return bindings;
        }

        private Optional<Candidate> candidate(String table, String id, String instanceId, String credsId,
                                                        String settingKey, Origin origin, boolean disabled) {
            if (id == null) {
                return Optional.empty();
            }
            Resolution<String> instance = instance(instanceId);
            if (instance.value() == null) {
                skipped.add(new Skip(table, id, instance.problem()));
                return Optional.empty();
            }
            Resolution<PlannedCredential> credential = credential(credsId);
            if (credential.value() == null) {
                skipped.add(new Skip(table, id, credential.problem()));
                return Optional.empty();
            }
            PlannedCredential planned = credential.value();
            if (!planned.isNew() && !PROVIDER.equals(planned.existingProvider())) {
                skipped.add(new Skip(table, id, "the key of OpenaiCreds " + credsId + " is registered already as "
                        + "credential " + planned.existingId() + " of provider " + planned.existingProvider()
                        + ", which cannot fill an OpenAI setting"));
                return Optional.empty();
            }
            return Optional.of(new Candidate(new SettingRef(instance.value(), settingKey), planned, origin,
                    id, instanceId, credsId, disabled));
        }

        private PlannedBinding binding(Candidate c) {
            String holder = target.slots().get(c.setting());
            BindingStatus status;
            if (holder == null) {
                status = BindingStatus.CREATE;
            } else if (holder.equals(c.credential().existingId())) {
                status = BindingStatus.IN_PLACE;
            } else {
                status = BindingStatus.HELD_BY_OTHER;
            }
            return new PlannedBinding(c.setting(), c.credential(), c.origin(), c.legacyId(), c.legacyInstanceId(),
                    c.legacyCredsId(), c.disabled(), status, status == BindingStatus.HELD_BY_OTHER ? holder : null);
        }

        // ------------------------------------------------------------------------------------------ helpers

        private void skipAll(String table, String id, int rows) {
            for (int i = 0; i < rows; i++) {
                skipped.add(new Skip(table, id, "its id occurs in " + rows + " " + table + " rows, so references "
                        + "to it are ambiguous"));
            }
        }

        private void skipNullIds(String table, List<String> ids) {
            ids.stream().filter(Objects::isNull)
                    .forEach(id -> skipped.add(new Skip(table, null, "id is null")));
        }

        /** Rows by id, in id order; rows without an id are left out (callers report them). */
        private static <R> Map<String, List<R>> groupById(List<R> rows, Function<R, String> id) {
            return rows.stream().filter(row -> id.apply(row) != null)
                    .sorted(Comparator.comparing(id, ID_ORDER))
                    .collect(Collectors.groupingBy(id, LinkedHashMap::new, Collectors.toList()));
        }
    }

    /** A value, or why there is none. */
    private record Resolution<T>(T value, String problem) {
        static <T> Resolution<T> of(T value) {
            return new Resolution<>(value, null);
        }

        static <T> Resolution<T> failed(String problem) {
            return new Resolution<>(null, problem);
        }
    }
}
