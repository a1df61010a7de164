package io.credreg.command.secret;

import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialDeleted;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.api.credential.SecretEnvelope;
import io.credreg.api.binding.SettingRef;
import io.credreg.command.CommandSideIntegrationTest;
import org.axonframework.eventhandling.DomainEventMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Invariant 5: no plaintext at rest or in logs, and a deleted credential's secret is unrecoverable. */
@ExtendWith(OutputCaptureExtension.class)
class SecretAtRestIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    private SecretSealer sealer;
    @Autowired
    private DataKeyStore keys;

    @Test
    void theLatestEnvelopeOpensUntilDeletionAndNeverAfter(CapturedOutput output) {
        createCredential("openai", newSecret()); // a bystander, so that the key store is never empty
        String first = newSecret();
        String second = newSecret();
        String id = createCredential("openai", first);
        SecretEnvelope v1 = latestEnvelope(id);
        assertThat(sealer.open(v1, keys.wrappedKey(v1.dataKeyId()).orElseThrow(), id, 1)).isEqualTo(first);

        assertThat(put("/api/credentials/" + id + "/secret", json("secret", second)).status()).isEqualTo(200);
        SecretEnvelope v2 = latestEnvelope(id);
        assertThat(v2.dataKeyId()).isNotEqualTo(v1.dataKeyId());
        assertThat(sealer.open(v2, keys.wrappedKey(v2.dataKeyId()).orElseThrow(), id, 2)).isEqualTo(second);
        // the rotated-away version's key is destroyed, and no other key opens its envelope
        assertThat(keys.wrappedKey(v1.dataKeyId())).isEmpty();
        assertThat(payloads(eventsOf(id))).last().isInstanceOfSatisfying(CredentialSecretRotated.class,
                rotated -> assertThat(rotated.destroyedDataKeyId()).isEqualTo(v1.dataKeyId()));
        assertNothingOpens(v1, id, 1);
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);
        Reply resolved = send("GET", settingPath(setting) + "/secret", null, null);
        assertThat(resolved.status()).as("resolution: %s", resolved).isEqualTo(200);
        assertThat(resolved.json().get("secret").asString()).isEqualTo(second);
        assertThat(resolved.json().get("version").asInt()).isEqualTo(2);

        assertThat(shredCredential(id).status()).isEqualTo(200);

        // the resolution endpoint, the only way out for a secret, answers 410 and nothing else can open it
        Reply gone = send("GET", settingPath(setting) + "/secret", null, null);
        assertThat(gone.status()).as("resolution after deletion: %s", gone).isEqualTo(410);
        assertThat(gone.json().get("type").asString()).endsWith("/credential-deleted");
        assertThat(gone.body()).doesNotContain(second);

        assertThat(jdbc.queryForObject("select count(*) from data_key where credential_id = ?", Long.class, id))
                .isZero();
        assertThat(keys.wrappedKey(v2.dataKeyId())).isEmpty();
        assertThat(payloads(eventsOf(id))).filteredOn(CredentialDeleted.class::isInstance).singleElement()
                .isInstanceOfSatisfying(CredentialDeleted.class,
                        deleted -> assertThat(deleted.destroyedDataKeyId()).isEqualTo(v2.dataKeyId()));
        assertNothingOpens(v1, id, 1);
        assertNothingOpens(v2, id, 2);

        for (String secret : List.of(first, second)) {
            assertNowhereAtRest(secret);
            assertThat(output.getAll()).as("log output").doesNotContain(secret);
        }
    }

    @Test
    void noPlaintextReachesAnEventPayloadOrMetadata() {
        String secret = newSecret();
        String rotated = newSecret();
        String id = createCredential("openai", secret);
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", rotated)).status()).isEqualTo(200);

        List<Map<String, Object>> rows = jdbc.queryForList("select payload, meta_data from domain_event_entry");
        assertThat(rows).isNotEmpty();
        for (Map<String, Object> row : rows) {
            String payload = text(row.get("PAYLOAD"));
            String metaData = text(row.get("META_DATA"));
            for (String plaintext : List.of(secret, rotated)) {
                assertThat(payload).doesNotContain(plaintext).doesNotContain(base64(plaintext));
                assertThat(metaData).doesNotContain(plaintext).doesNotContain(base64(plaintext));
            }
        }
        // the events of this credential carry the envelope and hint instead, and no fingerprint
        String createdPayload = text(jdbc.queryForObject("select payload from domain_event_entry where "
                + "aggregate_identifier = ? and sequence_number = 0", Object.class, id));
        assertThat(createdPayload).contains("ciphertext").contains("\"fingerprint\":null")
                .doesNotContain(sealer.fingerprint(secret)).contains("\"secretHint\":\"…");
    }

    @Test
    void anEnvelopeOpensOnlyWithItsOwnDataKey() {
        String one = createCredential("openai", newSecret());
        String two = createCredential("openai", newSecret());
        SecretEnvelope envelope = latestEnvelope(one);
        String otherKey = keys.wrappedKey(latestEnvelope(two).dataKeyId()).orElseThrow();

        assertThatThrownBy(() -> sealer.open(envelope, otherKey, one, 1)).isInstanceOf(SecretCryptoException.class);
    }

    private SecretEnvelope latestEnvelope(String id) {
        SecretEnvelope latest = null;
        for (DomainEventMessage<?> event : eventsOf(id)) {
            if (event.getPayload() instanceof CredentialCreated created) {
                latest = created.secret();
            } else if (event.getPayload() instanceof CredentialSecretRotated rotated) {
                latest = rotated.secret();
            }
        }
        assertThat(latest).as("envelope of %s", id).isNotNull();
        return latest;
    }

    /** Tries every wrapped key the registry still holds. */
    private void assertNothingOpens(SecretEnvelope envelope, String id, int version) {
        List<String> wrappedKeys = jdbc.queryForList("select wrapped_key from data_key", String.class);
        assertThat(wrappedKeys).isNotEmpty();
        for (String wrapped : wrappedKeys) {
            assertThatThrownBy(() -> sealer.open(envelope, wrapped, id, version))
                    .isInstanceOf(SecretCryptoException.class);
        }
    }
}
