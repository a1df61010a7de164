package io.credreg.command.binding;

import io.credreg.command.credential.SettingNotBoundException;
import io.credreg.api.binding.BindToInstance;
import io.credreg.api.binding.BindingResult;
import io.credreg.api.binding.SettingRef;
import io.credreg.api.binding.UnbindReason;
import io.credreg.api.binding.UnbindSetting;
import io.credreg.api.instance.InstanceRemovalResult;
import io.credreg.api.instance.RemoveInstance;
import io.credreg.api.token.ApiTokenRevoked;
import io.credreg.command.credential.Credential;
import io.credreg.command.credential.CredentialDeletedException;
import io.credreg.command.credential.CredentialVersions;
import io.credreg.command.credential.Versioned;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.lookup.StaleLookupException;
import io.credreg.command.token.ApiToken;
import io.credreg.command.token.TokenDirectory;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Commands about settings, which touch up to two credentials at once (the one a setting gets and the one it held).
 * Both are changed in one unit of work, so in one transaction; credentials are loaded in id order so that two
 * opposite replacements cannot deadlock on their locks.
 */
@Component
public class BindingCommandHandler {

    private final Repository<Credential> credentials;
    private final CommandLookups lookups;
    private final Repository<ApiToken> tokens;
    private final TokenDirectory tokenDirectory;

    public BindingCommandHandler(Repository<Credential> credentials, CommandLookups lookups,
                                 Repository<ApiToken> tokens, TokenDirectory tokenDirectory) {
        this.credentials = credentials;
        this.lookups = lookups;
        this.tokens = tokens;
        this.tokenDirectory = tokenDirectory;
    }

    /**
     * Answers the binding and the version of the credential the setting now holds. An expected version is that
     * credential's; the credential a replacement takes the setting from is not checked.
     */
    @CommandHandler
    public Versioned<BindingResult> handle(BindToInstance command, CredentialVersions versions) {
        SettingRef setting = new SettingRef(command.instanceId(), command.settingKey());
        if (lookups.isDeleted(command.credentialId())) {
            throw new CredentialDeletedException(command.credentialId()); // from the lookup, without a load
        }
        CredentialVersions.require(versions, command.credentialId(), command.expectedVersion());
        Optional<String> holder = lookups.credentialHolding(setting);
        Optional<String> held = holder.filter(id -> !id.equals(command.credentialId()));
        Map<String, Aggregate<Credential>> loaded = loadInOrder(command.credentialId(), held.orElse(null));
        Aggregate<Credential> target = loaded.get(command.credentialId());
        target.execute(credential -> credential.requireBindable(setting));
        held.ifPresent(previous -> loaded.get(previous).execute(credential ->
                release(credential, setting, UnbindReason.REPLACED)));
        boolean changed = target.invoke(credential -> credential.bind(setting, held.orElse(null)));
        if (!changed && holder.filter(command.credentialId()::equals).isEmpty()) {
            // The credential says it holds the setting already, the lookup (exact: same transaction as the events)
            // says it does not: this is a cached copy that fell behind another process (which, say, deleted the
            // credential). A no-op appends nothing, so no append would fail; retry, and the rollback evicts it.
            throw new StaleLookupException("credential " + command.credentialId() + " already holds " + setting
                    + " by its cached state, but the lookup disagrees");
        }
        // a no-op appended nothing: the store's version, not that of a cached copy that may have fallen behind
        long version = changed ? target.version() : versions.current(command.credentialId());
        return new Versioned<>(new BindingResult(setting.instanceId(), setting.settingKey(), command.credentialId(),
                held.orElse(null)), version);
    }

    /** Answers the version of the credential that held the setting, after the unbind; it is what If-Match names. */
    @CommandHandler
    public long handle(UnbindSetting command, CredentialVersions versions) {
        SettingRef setting = new SettingRef(command.instanceId(), command.settingKey());
        String holder = lookups.credentialHolding(setting).orElseThrow(() -> new SettingNotBoundException(setting));
        CredentialVersions.require(versions, holder, command.expectedVersion());
        Aggregate<Credential> credential = credentials.load(holder);
        credential.execute(held -> release(held, setting, UnbindReason.REQUESTED));
        return credential.version();
    }

    @CommandHandler
    public InstanceRemovalResult handle(RemoveInstance command) {
        Map<SettingRef, String> settings = lookups.settingsOf(command.instanceId());
        List<String> liveTokens = tokenDirectory.liveTokensOf(command.instanceId());
        if (settings.isEmpty() && liveTokens.isEmpty()) {
            throw new InstanceNotFoundException(command.instanceId());
        }
        Map<String, List<SettingRef>> byCredential = new TreeMap<>();
        settings.forEach((setting, credentialId) ->
                byCredential.computeIfAbsent(credentialId, id -> new ArrayList<>()).add(setting));
        byCredential.forEach((credentialId, held) -> credentials.load(credentialId).execute(credential ->
                held.forEach(setting -> release(credential, setting, UnbindReason.INSTANCE_REMOVED))));
        // an instance created later under the same id must not be reachable with the removed one's tokens
        liveTokens.forEach(tokenId -> tokens.load(tokenId)
                .execute(token -> token.revoke(ApiTokenRevoked.INSTANCE_REMOVED)));
        return new InstanceRemovalResult(command.instanceId(), List.copyOf(settings.keySet()), liveTokens);
    }

    private Map<String, Aggregate<Credential>> loadInOrder(String... credentialIds) {
        Map<String, Aggregate<Credential>> loaded = new TreeMap<>();
        for (String id : credentialIds) {
            if (id != null) {
                loaded.put(id, null);
            }
        }
        loaded.replaceAll((id, ignored) -> credentials.load(id));
        return loaded;
    }

    /**
     * The lookup said this credential holds the setting; if its own stream disagrees, another command won (it moved
     * or freed the setting after the lookup was read), so the command is retried against the winner's outcome.
     */
    private static void release(Credential credential, SettingRef setting, UnbindReason reason) {
        if (!credential.isBoundTo(setting)) {
            throw new StaleLookupException("setting " + setting + " changed while it was being unbound ("
                    + reason + ")");
        }
        credential.unbind(setting, reason);
    }
}
