package io.credreg.command.secret;

import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialSecretPromoted;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.CredentialSecretStaged;
import io.credreg.api.credential.SecretEnvelope;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Optional;

/**
 * Moves every fingerprint in {@code secret_fingerprint} to the current (random) fingerprint key, then forgets every
 * other fingerprint key. Runs at each start and has nothing to do once done. Fingerprints can only be recomputed
 * from the plaintext, so each active credential's current secret is opened (its envelope read from its events) and
 * fingerprinted again. Fingerprints that events still carry were made with an older key and now match no row.
 */
public final class FingerprintKeyRotation {

    private static final Logger log = LoggerFactory.getLogger(FingerprintKeyRotation.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final EventStore events;

    public FingerprintKeyRotation(JdbcTemplate jdbc, TransactionTemplate transactions, EventStore events) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.events = events;
    }

    /** Re-fingerprints with {@code sealer}'s key; returns how many fingerprints moved. */
    public int run(SecretSealer sealer) {
        List<String> stale = jdbc.queryForList("select credential_id from secret_fingerprint where key_name <> ?",
                String.class, FingerprintKeyStore.NAME);
        int moved = 0;
        for (String credentialId : stale) {
            moved += transactions.execute(tx -> refingerprint(sealer, credentialId));
        }
        int dropped = transactions.execute(tx -> FingerprintKeyStore.dropAllButCurrent(jdbc));
        if (!stale.isEmpty() || dropped > 0) {
            log.info("Fingerprint key rotation: {} of {} fingerprints moved to the current key, {} old keys dropped",
                    moved, stale.size(), dropped);
        }
        return moved;
    }

    private int refingerprint(SecretSealer sealer, String credentialId) {
        Optional<Current> current = currentSecret(credentialId);
        Optional<String> wrapped = current.flatMap(c -> jdbc.queryForList(
                "select wrapped_key from data_key where data_key_id = ?", String.class,
                c.envelope().dataKeyId()).stream().findFirst());
        if (current.isEmpty() || wrapped.isEmpty()) {
            log.warn("Fingerprint key rotation: credential {} has no readable current secret; its fingerprint is "
                    + "dropped and a duplicate of its secret is no longer detected", credentialId);
            return dropStale(credentialId);
        }
        String fingerprint;
        try {
            fingerprint = sealer.fingerprint(sealer.open(current.get().envelope(), wrapped.get(), credentialId,
                    current.get().version()));
        } catch (SecretCryptoException e) {
            log.warn("Fingerprint key rotation: the secret of credential {} does not decrypt; its fingerprint is "
                    + "dropped", credentialId);
            return dropStale(credentialId);
        }
        // the current secret's row only: a staged secret's fingerprint (decision 0210) is not recomputed here
        return jdbc.update("update secret_fingerprint set fingerprint = ?, key_name = ? "
                + "where credential_id = ? and key_name <> ? and staged = ?", fingerprint, FingerprintKeyStore.NAME,
                credentialId, FingerprintKeyStore.NAME, false);
    }

    private int dropStale(String credentialId) {
        jdbc.update("delete from secret_fingerprint where credential_id = ? and key_name <> ?", credentialId,
                FingerprintKeyStore.NAME);
        return 0;
    }

    private record Current(SecretEnvelope envelope, int version) {
    }

    private Optional<Current> currentSecret(String credentialId) {
        Current current = null;
        Current pending = null; // a staged version becomes current with its promotion (decision 0210)
        for (DomainEventMessage<?> event : events.readEvents(credentialId).asStream().toList()) {
            if (event.getPayload() instanceof CredentialCreated created) {
                current = new Current(created.secret(), created.secretVersion());
            } else if (event.getPayload() instanceof CredentialSecretRotated rotated) {
                current = new Current(rotated.secret(), rotated.secretVersion());
            } else if (event.getPayload() instanceof CredentialSecretStaged staged) {
                pending = new Current(staged.secret(), staged.pendingVersion());
            } else if (event.getPayload() instanceof CredentialSecretPromoted promoted && pending != null
                    && pending.version() == promoted.secretVersion()) {
                current = pending;
                pending = null;
            }
        }
        return Optional.ofNullable(current);
    }
}
