package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.ResolveSecret;
import io.credreg.command.lookup.CommandLookups;
import io.credreg.command.secret.SecretCryptoException;
import io.credreg.command.secret.SecretSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(SecretResolutionService.class);

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
        return new Resolution(credentialId, open(resolved), resolved.secretVersion());
    }

    /** The one place a resolution decrypts: as the version of the credential whose stream holds the envelope. */
    private String open(ResolvedSecret resolved) {
        try {
            return sealer.open(resolved.envelope(), resolved.wrappedDataKey(), resolved.credentialId(),
                    resolved.secretVersion());
        } catch (SecretCryptoException e) {
            log.warn("Refused to serve the secret of credential {} v{}: its envelope does not decrypt as this "
                    + "credential's version", resolved.credentialId(), resolved.secretVersion());
            throw new SecretUnreadableException(resolved.credentialId(), resolved.secretVersion());
        }
    }
}
