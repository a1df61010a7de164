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
 * from the plaintext, so each active credential's current secret, and its pending one while a version is staged
 * (decision 0210), is opened and fingerprinted again. Their envelopes are read from every event of the credential,
 * never from a snapshot, which would hide the events before it. Fingerprints that events still carry were made with
 * an older key and now match no row. Each row moves in a transaction of its own; the old keys go only after the last
 * row, so a start that dies midway leaves the rest to the next one.
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
        List<StaleRow> stale = jdbc.query("select credential_id, staged from secret_fingerprint where key_name <> ?",
                (row, n) -> new StaleRow(row.getString(1), row.getBoolean(2)), FingerprintKeyStore.NAME);
        int moved = 0;
        for (StaleRow row : stale) {
            moved += transactions.execute(tx -> refingerprint(sealer, row));
        }
        int dropped = transactions.execute(tx -> FingerprintKeyStore.dropAllButCurrent(jdbc));
        if (!stale.isEmpty() || dropped > 0) {
            log.info("Fingerprint key rotation: {} of {} fingerprints moved to the current key, {} old keys dropped",
                    moved, stale.size(), dropped);
        }
        return moved;
    }

    /** A fingerprint made with another key: of the credential's current secret, or of its pending one (0210). */
    private record StaleRow(String credentialId, boolean staged) {

        String secret() {
            return staged ? "pending secret" : "current secret";
        }
    }

    private int refingerprint(SecretSealer sealer, StaleRow row) {
        Secrets secrets = secretsOf(row.credentialId());
        Optional<Current> version = Optional.ofNullable(row.staged() ? secrets.pending() : secrets.current());
        Optional<String> wrapped = version.flatMap(c -> jdbc.queryForList(
                "select wrapped_key from data_key where data_key_id = ?", String.class,
                c.envelope().dataKeyId()).stream().findFirst());
        if (version.isEmpty() || wrapped.isEmpty()) {
            log.warn("Fingerprint key rotation: credential {} has no readable {}; its fingerprint is dropped and a "
                    + "duplicate of that secret is no longer detected", row.credentialId(), row.secret());
            return dropStale(row);
        }
        String fingerprint;
        try {
            fingerprint = sealer.fingerprint(sealer.open(version.get().envelope(), wrapped.get(), row.credentialId(),
                    version.get().version()));
        } catch (SecretCryptoException e) {
            log.warn("Fingerprint key rotation: the {} of credential {} does not decrypt; its fingerprint is dropped",
                    row.secret(), row.credentialId());
            return dropStale(row);
        }
        return jdbc.update("update secret_fingerprint set fingerprint = ?, key_name = ? "
                + "where credential_id = ? and key_name <> ? and staged = ?", fingerprint, FingerprintKeyStore.NAME,
                row.credentialId(), FingerprintKeyStore.NAME, row.staged());
    }

    private int dropStale(StaleRow row) {
        jdbc.update("delete from secret_fingerprint where credential_id = ? and key_name <> ? and staged = ?",
                row.credentialId(), FingerprintKeyStore.NAME, row.staged());
        return 0;
    }

    private record Current(SecretEnvelope envelope, int version) {
    }

    /** The credential's current secret and its pending one (null where there is none), as its events tell. */
    private record Secrets(Current current, Current pending) {
    }

    private Secrets secretsOf(String credentialId) {
        Current current = null;
        Current pending = null; // a staged version becomes current with its promotion (decision 0210)
        for (DomainEventMessage<?> event : events.readEvents(credentialId, 0).asStream().toList()) {
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
        return new Secrets(current, pending);
    }
}
