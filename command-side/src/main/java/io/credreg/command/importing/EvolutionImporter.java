package io.credreg.command.importing;

import io.credreg.api.binding.BindToInstance;
import io.credreg.api.binding.BindingResult;
import io.credreg.command.credential.Versioned;
import io.credreg.api.credential.CreateCredential;
import io.credreg.command.rule.RuleViolation;
import io.credreg.command.lookup.DuplicateNameException;
import io.credreg.command.lookup.DuplicateSecretException;
import io.credreg.command.importing.ImportPlan.BindingStatus;
import io.credreg.command.importing.ImportPlan.PlannedBinding;
import io.credreg.command.importing.ImportPlan.PlannedCredential;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.secret.SecretSealer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.credreg.api.EventMetadata.ACTOR;
import static io.credreg.api.EventMetadata.CORRELATION_ID;
import static io.credreg.api.EventMetadata.SOURCE;
import static io.credreg.api.EventMetadata.SOURCE_IMPORT;

/**
 * Plans an import against the registry it runs in and carries it out through the ordinary commands: the key is
 * sealed exactly as the HTTP edge seals it ({@link SecretSealer}), credentials are created by {@code CreateCredential}
 * and settings filled by {@code BindToInstance}, through the command gateway (so a command that loses a race with
 * the running registry is retried). Every command carries {@code source=import}, actor {@code import}, one
 * correlation id per run and the legacy ids it came from; {@code AxonConfiguration} copies them onto its events.
 */
@Component
public class EvolutionImporter {

    static final String ACTOR_NAME = "import";
    static final String LEGACY_CREDS_IDS = "legacyCredsIds";
    static final String LEGACY_CREDS_ID = "legacyCredsId";
    static final String LEGACY_INSTANCE_ID = "legacyInstanceId";
    static final String LEGACY_SYSTEM = "legacySystem";
    static final String EVOLUTION = "evolution";
    private static final int NAME_ATTEMPTS = 20;

    private final CommandGateway commands;
    private final SecretSealer sealer;
    private final CommandLookups lookups;
    private final JdbcTemplate jdbc;

    public EvolutionImporter(CommandGateway commands, SecretSealer sealer, CommandLookups lookups, JdbcTemplate jdbc) {
        this.commands = commands;
        this.sealer = sealer;
        this.lookups = lookups;
        this.jdbc = jdbc;
    }

    /** Plans against the registry's current state (exact: read from its lookups). */
    ImportPlan plan(SourceSnapshot source) {
        Map<ApiKey, String> fingerprints = new IdentityHashMap<>();
        for (ApiKey key : ImportPlanner.usableKeys(source)) {
            fingerprints.put(key, sealer.fingerprint(key.reveal()));
        }
        TargetState target = TargetStateReader.read(jdbc, fingerprints.values());
        return ImportPlanner.plan(source, key -> sealer.fingerprint(key.reveal()), target);
    }

    /** What a run did. */
    record Outcome(String correlationId, int created, int reusedMeanwhile, int bound, int keptMeanwhile,
                   int replacedMeanwhile, int failed) {

        String summary() {
            return "credentials.created=" + created + " credentials.reused-meanwhile=" + reusedMeanwhile
                    + " bindings.created=" + bound + " bindings.kept-meanwhile=" + keptMeanwhile
                    + " bindings.replaced-meanwhile=" + replacedMeanwhile + " failed=" + failed
                    + " correlation-id=" + correlationId;
        }
    }

    /** Carries the plan out; a failing row is reported and the others go on. */
    Outcome execute(ImportPlan plan, String correlationId, PrintStream out) {
        MetaData base = MetaData.with(ACTOR, ACTOR_NAME).and(CORRELATION_ID, correlationId)
                .and(SOURCE, SOURCE_IMPORT).and(LEGACY_SYSTEM, EVOLUTION);
        Map<PlannedCredential, String> ids = new IdentityHashMap<>();
        int created = 0;
        int reusedMeanwhile = 0;
        int failed = 0;
        for (PlannedCredential credential : plan.credentials()) {
            if (!credential.isNew()) {
                ids.put(credential, credential.existingId());
                continue;
            }
            MetaData metaData = base.and(LEGACY_CREDS_IDS, String.join(",", credential.legacyCredsIds()));
            try {
                Created result = create(credential, metaData);
                ids.put(credential, result.credentialId());
                if (result.existed()) {
                    reusedMeanwhile++;
                    out.println("  = " + PlanPrinter.describe(credential) + " was registered meanwhile as "
                            + result.credentialId() + "; reused");
                } else {
                    created++;
                    out.println("  + created " + result.credentialId() + " \"" + result.name() + "\" "
                            + credential.key().hint() + " (OpenaiCreds "
                            + String.join(", ", credential.legacyCredsIds()) + ")");
                }
            } catch (RuntimeException e) {
                failed++;
                out.println("  x could not create " + PlanPrinter.describe(credential) + " (OpenaiCreds "
                        + String.join(", ", credential.legacyCredsIds()) + "): " + describe(e));
            }
        }

        int bound = 0;
        int keptMeanwhile = 0;
        int replacedMeanwhile = 0;
        for (PlannedBinding binding : plan.bindings(BindingStatus.CREATE)) {
            String credentialId = ids.get(binding.credential());
            if (credentialId == null) {
                failed++;
                out.println("  x not bound, its credential could not be created: " + PlanPrinter.describe(binding));
                continue;
            }
            Optional<String> holder = lookups.credentialHolding(binding.setting());
            if (holder.isPresent()) {
                // Bound by someone else since the plan was made: the import never replaces a binding.
                if (!holder.get().equals(credentialId)) {
                    keptMeanwhile++;
                    out.println("  ! left as it is, bound meanwhile to " + holder.get() + ": "
                            + PlanPrinter.describe(binding));
                }
                continue;
            }
            MetaData metaData = base.and(LEGACY_INSTANCE_ID, binding.legacyInstanceId())
                    .and(binding.origin().metadataKey, binding.legacyId())
                    .and(LEGACY_CREDS_ID, binding.legacyCredsId());
            try {
                Versioned<BindingResult> bind = commands.sendAndWait(new BindToInstance(
                        binding.setting().instanceId(), binding.setting().settingKey(), credentialId), metaData);
                BindingResult result = bind.result();
                bound++;
                out.println("  + bound " + binding.setting().instanceId() + " " + binding.setting().settingKey()
                        + " to " + credentialId + " (" + binding.origin().table + " " + binding.legacyId() + ")");
                if (result.replacedCredentialId() != null) {
                    // A bind that raced the check above; it says so rather than hiding it.
                    replacedMeanwhile++;
                    out.println("  ! it replaced " + result.replacedCredentialId() + ", bound concurrently");
                }
            } catch (RuntimeException e) {
                failed++;
                out.println("  x could not bind " + PlanPrinter.describe(binding) + ": " + describe(e));
            }
        }
        return new Outcome(correlationId, created, reusedMeanwhile, bound, keptMeanwhile, replacedMeanwhile, failed);
    }

    private record Created(String credentialId, String name, boolean existed) {
    }

    /**
     * Creates the credential. Someone may have registered the key (or taken the name) between the plan and now:
     * the registry refuses with its ordinary rules, and the import then reuses that credential (or takes the next
     * name).
     */
    private Created create(PlannedCredential credential, MetaData metaData) {
        String name = credential.name();
        for (int attempt = 1; ; attempt++) {
            String id = UUID.randomUUID().toString();
            try {
                commands.sendAndWait(new CreateCredential(id, name, ImportPlanner.PROVIDER,
                        sealer.seal(credential.key().reveal(), id, 1)), metaData);
                return new Created(id, name, false);
            } catch (DuplicateSecretException e) {
                return new Created((String) e.details().get("existingCredentialId"), null, true);
            } catch (DuplicateNameException e) {
                if (attempt >= NAME_ATTEMPTS) {
                    throw e;
                }
                name = ImportPlanner.nameCandidate(credential.name(), credential.firstLegacyId(), attempt);
            }
        }
    }

    /**
     * The failure in one line. No message holds a key: commands carry only sealed secrets (whose toString is the
     * hint), and refusals name ids, names and rules.
     */
    private static String describe(RuntimeException e) {
        return e instanceof RuleViolation ? e.getMessage() : e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
