package io.credreg.command.secret;

import io.credreg.command.CommandSideIntegrationTest;
import io.credreg.command.credential.Credential;
import org.axonframework.eventsourcing.Snapshotter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 13 item 11: after a deletion nothing the registry holds may confirm a guess of the deleted secret. Events
 * carry no fingerprint; the lookup row goes with the credential; the fingerprint key is random, so no key derivable
 * from the master key reproduces a fingerprint; and fingerprints made with the old, derived key are moved to the
 * random key at start, after which the derived key is dropped.
 */
class FingerprintAfterDeletionIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    private SecretSealer sealer;
    @Autowired
    private MasterKeyRing keys;
    @Autowired
    private PlatformTransactionManager transactionManager;
    @Autowired
    private Snapshotter snapshotter;

    @Test
    void afterADeletionNoKeyTheRegistryHoldsOrCouldDeriveConfirmsAGuess() {
        createCredential("openai", newSecret()); // a bystander, so that the tables are not empty
        String first = newSecret();
        String second = newSecret();
        String id = createCredential("openai", first);
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", second)).status()).isEqualTo(200);
        // while the credential lives, its fingerprint is held, by the lookup table only
        assertThat(jdbc.queryForList("select fingerprint from secret_fingerprint where credential_id = ?",
                String.class, id)).containsExactly(sealer.fingerprint(second));
        assertThat(payloadsOf(id)).allSatisfy(payload -> assertThat(payload)
                .doesNotContain(sealer.fingerprint(first)).doesNotContain(sealer.fingerprint(second)));

        assertThat(shredCredential(id).status()).isEqualTo(200);

        assertThat(payloadsOf(id)).allSatisfy(payload -> assertThat(payload).doesNotContain("hmac-sha256:"));
        for (byte[] key : everyFingerprintKey()) {
            SecretSealer guesser = new SecretSealer(keys, key);
            for (String guess : List.of(first, second)) {
                assertNowhereAtRest(guesser.fingerprint(guess));
            }
        }
    }

    @Test
    void fingerprintsOfTheDerivedKeyMoveToTheRandomKeyAndTheDerivedKeyIsDropped() {
        String secret = newSecret();
        String id = createCredential("openai", secret);
        // the state before this version: a fingerprint made with the key derived from the master key, and that key
        String legacy = new SecretSealer(keys, keys.current().fingerprintKey()).fingerprint(secret);
        jdbc.update("update secret_fingerprint set fingerprint = ?, key_name = ? where credential_id = ?", legacy,
                FingerprintKeyStore.LEGACY_NAME, id);
        storeLegacyKey();

        int moved = new FingerprintKeyRotation(jdbc, transactions(), eventStore).run(sealer);

        assertThat(moved).isEqualTo(1);
        assertThat(jdbc.queryForList("select fingerprint from secret_fingerprint where credential_id = ?",
                String.class, id)).containsExactly(sealer.fingerprint(secret));
        assertThat(jdbc.queryForObject("select count(*) from secret_fingerprint where fingerprint = ?", Long.class,
                legacy)).as("an old event's fingerprint matches nothing").isZero();
        assertThat(jdbc.queryForList("select key_name from fingerprint_key", String.class))
                .containsExactly(FingerprintKeyStore.NAME);
        // duplicate detection goes on under the random key
        Reply duplicate = create(unique("dup"), "openai", secret);
        assertThat(duplicate.status()).as(duplicate.body()).isEqualTo(409);
        assertThat(duplicate.json().get("existingCredentialId").asString()).isEqualTo(id);
        assertThat(new FingerprintKeyRotation(jdbc, transactions(), eventStore).run(sealer))
                .as("nothing left to move").isZero();
    }

    @Test
    void aPendingSecretsFingerprintMovesTooAndASnapshotHidesNoSecretFromTheMove() {
        String current = newSecret();
        String pending = newSecret();
        String id = createCredential("openai", current);
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", pending, "stage", "pending",
                "graceSeconds", 60)).status()).isEqualTo(200);
        // the events before a snapshot still hold the envelopes: the move reads them, not the aggregate's state
        transactions().executeWithoutResult(status -> snapshotter.scheduleSnapshot(Credential.class, id));
        assertThat(jdbc.queryForObject("select count(*) from snapshot_event_entry where aggregate_identifier = ?",
                Long.class, id)).as("snapshotted").isOne();
        SecretSealer legacy = new SecretSealer(keys, keys.current().fingerprintKey());
        for (boolean staged : List.of(false, true)) {
            jdbc.update("update secret_fingerprint set fingerprint = ?, key_name = ? where credential_id = ? "
                    + "and staged = ?", legacy.fingerprint(staged ? pending : current), FingerprintKeyStore.LEGACY_NAME,
                    id, staged);
        }
        storeLegacyKey();

        int moved = new FingerprintKeyRotation(jdbc, transactions(), eventStore).run(sealer);

        assertThat(moved).isEqualTo(2);
        assertThat(jdbc.queryForList("select fingerprint from secret_fingerprint where credential_id = ? "
                + "order by staged", String.class, id))
                .containsExactly(sealer.fingerprint(current), sealer.fingerprint(pending));
        for (String secret : List.of(current, pending)) {
            Reply duplicate = create(unique("dup"), "openai", secret);
            assertThat(duplicate.status()).as(duplicate.body()).isEqualTo(409);
            assertThat(duplicate.json().get("existingCredentialId").asString()).isEqualTo(id);
        }
        assertThat(new FingerprintKeyRotation(jdbc, transactions(), eventStore).run(sealer))
                .as("nothing left to move at the next start").isZero();
    }

    private void storeLegacyKey() {
        jdbc.update("insert into fingerprint_key (key_name, wrapped_key, master_key_id, created_at) values (?, ?, ?, ?)",
                FingerprintKeyStore.LEGACY_NAME, Base64.getEncoder().encodeToString(keys.current().wrap(
                        keys.current().fingerprintKey(), FingerprintKeyStore.LEGACY_NAME)), keys.current().id(),
                Timestamp.from(Instant.now()));
    }

    private TransactionTemplate transactions() {
        return new TransactionTemplate(transactionManager);
    }

    /** Every fingerprint key stored, and the one every registry before this version derived from the master key. */
    private List<byte[]> everyFingerprintKey() {
        List<byte[]> all = new ArrayList<>();
        jdbc.query("select key_name, wrapped_key from fingerprint_key", row -> {
            all.add(keys.unwrap(Base64.getDecoder().decode(row.getString(2)), row.getString(1)));
        });
        assertThat(all).isNotEmpty();
        all.add(keys.current().fingerprintKey());
        return all;
    }

    private List<String> payloadsOf(String id) {
        List<String> payloads = jdbc.queryForList("select payload from domain_event_entry "
                + "where aggregate_identifier = ?", Object.class, id).stream().map(CommandSideIntegrationTest::text)
                .toList();
        assertThat(payloads).isNotEmpty();
        return payloads;
    }
}
