package io.credreg.command.lookup;

import io.credreg.api.credential.CreateCredential;
import io.credreg.api.credential.SealedSecret;
import io.credreg.command.CommandSideIntegrationTest;
import io.credreg.command.secret.SecretSealer;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lookup tables are written in the command's own transaction: they follow every event, and a failure while
 * writing them fails the command and takes its events and data key with it.
 */
class CommandLookupsIntegrationTest extends CommandSideIntegrationTest {

    @Autowired
    private SecretSealer sealer;
    @Autowired
    private CommandGateway commandGateway;

    @Test
    void theLookupsFollowCreateRenameRotateAndDelete() {
        String name = unique("Lookup");
        String secret = newSecret();
        Reply created = create(name, "openai", secret);
        String id = created.json().get("id").asString();

        assertThat(fingerprintHolders(secret)).containsExactly(id);
        assertThat(nameHolders("openai", name)).containsExactly(id);

        String newName = unique("Renamed");
        assertThat(patch("/api/credentials/" + id, json("name", newName)).status()).isEqualTo(200);
        assertThat(nameHolders("openai", name)).isEmpty();
        assertThat(nameHolders("openai", newName)).containsExactly(id);

        String rotated = newSecret();
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", rotated)).status()).isEqualTo(200);
        assertThat(fingerprintHolders(secret)).isEmpty();
        assertThat(fingerprintHolders(rotated)).containsExactly(id);

        assertThat(shredCredential(id).status()).isEqualTo(200);
        assertThat(fingerprintHolders(rotated)).isEmpty();
        assertThat(nameHolders("openai", newName)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from secret_fingerprint where credential_id = ?", Long.class,
                id)).isZero();
    }

    @Test
    void aFailingLookupWriteRollsTheWholeCommandBack() {
        // the name key column holds 800 characters; sent past the HTTP validation, a longer name makes the
        // credential_name insert fail after the secret_fingerprint insert and the data key store succeeded
        String id = UUID.randomUUID().toString();
        String secret = newSecret();
        SealedSecret sealed = sealer.seal(secret, id, 1);
        long events = eventRowCount();

        assertThatThrownBy(() -> commandGateway.sendAndWait(
                new CreateCredential(id, "n".repeat(900), "openai", sealed)))
                .isInstanceOf(RuntimeException.class);

        assertThat(eventRowCount()).isEqualTo(events);
        assertThat(eventsOf(id)).isEmpty();
        assertThat(fingerprintHolders(secret)).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from data_key where credential_id = ?", Long.class, id))
                .isZero();
        // and the secret can still be registered
        assertThat(create(unique("retry"), "openai", secret).status()).isEqualTo(201);
    }

    private List<String> fingerprintHolders(String secret) {
        return jdbc.queryForList("select credential_id from secret_fingerprint where fingerprint = ?", String.class,
                sealer.fingerprint(secret));
    }

    private List<String> nameHolders(String provider, String name) {
        return jdbc.queryForList("select credential_id from credential_name where provider = ? and name_key = ?",
                String.class, provider, name.toLowerCase(Locale.ROOT));
    }
}
