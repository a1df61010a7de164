package io.credreg.command.resolution;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.credential.SecretUnreadableException;
import io.credreg.command.secret.SecretCryptoException;
import io.credreg.command.secret.SecretSealer;
import io.credreg.platform.security.TokenPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import static io.credreg.api.EventMetadata.ANONYMOUS;

/**
 * A resolution: reads the setting's current sealed secret, answers "not modified" to a consumer that already holds
 * that version (nothing is decrypted, nothing handed out, nothing recorded), otherwise opens the secret, records the
 * resolution and only then hands the secret out. An envelope that does not open as the current version of the
 * credential that holds it (moved, replayed or altered) is refused with 409 before anything is recorded: nothing
 * recorded means nothing served, and a refusal is not a resolution.
 */
@Service
class SecretResolutionService {

    private static final Logger log = LoggerFactory.getLogger(SecretResolutionService.class);

    /** What a consumer gets: the secret, or only the version it already holds ({@code secret} is then null). */
    record Resolution(String credentialId, String secret, int version) {

        boolean notModified() {
            return secret == null;
        }

        @Override
        public String toString() {
            return "Resolution[" + credentialId + ", v" + version + "]";
        }
    }

    private final ResolutionReader reader;
    private final ResolutionJournal journal;
    private final SecretSealer sealer;

    SecretResolutionService(ResolutionReader reader, ResolutionJournal journal, SecretSealer sealer) {
        this.reader = reader;
        this.journal = journal;
        this.sealer = sealer;
    }

    Resolution resolve(SettingRef setting, VersionTag heldByConsumer, String correlationId, String requestId) {
        return resolve(setting, null, heldByConsumer, correlationId, requestId);
    }

    /**
     * {@code requested} is the version the consumer asks for ({@code pending}, a number), or null for the current
     * one; a resolution of another version is recorded as one of that version (decision 0210).
     */
    Resolution resolve(SettingRef setting, String requested, VersionTag heldByConsumer, String correlationId,
                       String requestId) {
        ResolutionReader.SealedResolution sealed = reader.read(setting, requested);
        if (heldByConsumer.matches(sealed.secretVersion())) {
            return new Resolution(sealed.credentialId(), null, sealed.secretVersion());
        }
        String secret = open(sealed);
        journal.record(entry(setting, sealed, correlationId, requestId));
        return new Resolution(sealed.credentialId(), secret, sealed.secretVersion());
    }

    /** The one place a resolution decrypts: as the version of the credential whose current secret it is. */
    private String open(ResolutionReader.SealedResolution sealed) {
        try {
            return sealer.open(sealed.envelope(), sealed.wrappedDataKey(), sealed.credentialId(),
                    sealed.secretVersion());
        } catch (SecretCryptoException e) {
            log.warn("Refused to serve the secret of credential {} v{}: its envelope does not decrypt as this "
                    + "credential's version", sealed.credentialId(), sealed.secretVersion());
            throw new SecretUnreadableException(sealed.credentialId(), sealed.secretVersion());
        }
    }

    private static ResolutionJournal.Entry entry(SettingRef setting, ResolutionReader.SealedResolution sealed,
                                                 String correlationId, String requestId) {
        TokenPrincipal principal = TokenPrincipal.current().orElse(null);
        return new ResolutionJournal.Entry(sealed.credentialId(), setting.instanceId(), setting.settingKey(),
                sealed.secretVersion(), principal == null ? null : principal.tokenId(),
                principal == null ? ANONYMOUS : principal.name(), principal == null ? null : principal.role().name(),
                correlationId, requestId);
    }
}
