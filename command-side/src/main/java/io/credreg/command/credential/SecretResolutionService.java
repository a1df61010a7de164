package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.ResolveSecret;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.secret.SecretSealer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Service;

/**
 * Finds the credential behind a setting, has the aggregate check and record the resolution, and opens the sealed
 * secret it hands back. A setting whose credential was deleted goes to that credential, which answers 410.
 */
@Service
class SecretResolutionService {

    record Resolution(String credentialId, String secret, int version) {

        @Override
        public String toString() {
            return "Resolution[" + credentialId + ", v" + version + "]";
        }
    }

    private final CommandLookups lookups;
    private final CommandGateway commands;
    private final SecretSealer sealer;

    SecretResolutionService(CommandLookups lookups, CommandGateway commands, SecretSealer sealer) {
        this.lookups = lookups;
        this.commands = commands;
        this.sealer = sealer;
    }

    Resolution resolve(SettingRef setting) {
        String credentialId = lookups.credentialHolding(setting)
                .or(() -> lookups.deletedCredentialThatHeld(setting))
                .orElseThrow(() -> new SettingNotBoundException(setting));
        ResolvedSecret resolved = commands.sendAndWait(new ResolveSecret(credentialId, setting.instanceId(),
                setting.settingKey()));
        return new Resolution(credentialId, sealer.open(resolved.envelope(), resolved.wrappedDataKey()),
                resolved.secretVersion());
    }
}
