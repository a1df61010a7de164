package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialCreated;
import io.credreg.api.credential.CredentialRenamed;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.command.CommandSideIntegrationTest;
import io.credreg.command.secret.SecretSealer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The credential endpoints end to end, and invariant 3 under concurrent creates. */
class CredentialIntegrationTest extends CommandSideIntegrationTest {

    private static final int CREATE_RACE_ROUNDS = 6;

    @Autowired
    private SecretSealer sealer;

    @Test
    void createAnswersCreatedWithLocationAndId() {
        String name = unique("Prod");
        Reply reply = create("  " + name + "  ", "openai", newSecret());

        assertThat(reply.status()).isEqualTo(201);
        String id = reply.json().get("id").asString();
        assertThat(reply.header("Location")).endsWith("/api/credentials/" + id);
        assertThat(payloads(eventsOf(id))).singleElement().isInstanceOfSatisfying(CredentialCreated.class, created -> {
            assertThat(created.name()).as("names are stored stripped").isEqualTo(name);
            assertThat(created.provider()).isEqualTo("openai");
            assertThat(created.secretVersion()).isEqualTo(1);
            assertThat(created.secretHint()).isEqualTo("…9f3a");
        });
    }

    @Test
    void aSecretAlreadyRegisteredIsRefusedWithTheCredentialToShare() {
        String secret = newSecret();
        String first = createCredential("openai", secret);
        long before = eventRowCount();

        Reply reply = create(unique("again"), "openai", secret);

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        assertThat(reply.json().get("type").asString()).endsWith("/duplicate-secret");
        assertThat(reply.json().get("existingCredentialId").asString()).isEqualTo(first);
        assertThat(reply.body()).doesNotContain(secret);
        assertThat(eventRowCount()).isEqualTo(before);
    }

    @Test
    void namesAreUniquePerProviderWithoutRegardToCase() {
        String name = unique("Shared");
        String first = createCredentialNamed(name, "openai");

        Reply sameName = create(name.toUpperCase() + " ", "openai", newSecret());
        Reply otherProvider = create(name, "dify", newSecret());

        assertThat(sameName.status()).isEqualTo(409);
        assertThat(sameName.json().get("type").asString()).endsWith("/duplicate-name");
        assertThat(sameName.json().get("existingCredentialId").asString()).isEqualTo(first);
        assertThat(otherProvider.status()).isEqualTo(201);
    }

    @Test
    void renameAnswersTheNewNameAndFreesTheOldOne() {
        String oldName = unique("Old");
        String newName = unique("New");
        String id = createCredentialNamed(oldName, "openai");

        Reply reply = patch("/api/credentials/" + id, json("name", newName));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("id").asString()).isEqualTo(id);
        assertThat(reply.json().get("name").asString()).isEqualTo(newName);
        assertThat(payloads(eventsOf(id))).last().isEqualTo(new CredentialRenamed(id, "openai", oldName, newName));
        assertThat(create(oldName, "openai", newSecret()).status()).as("the old name is free again").isEqualTo(201);
        Reply taken = create(newName, "openai", newSecret());
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("existingCredentialId").asString()).isEqualTo(id);
    }

    @Test
    void renamingToAnotherCredentialsNameIsRefused() {
        String taken = unique("Taken");
        String holder = createCredentialNamed(taken, "openai");
        String id = createOpenAiCredential();

        Reply reply = patch("/api/credentials/" + id, json("name", taken.toLowerCase()));

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().get("existingCredentialId").asString()).isEqualTo(holder);
    }

    @Test
    void rotationKeepsBindingsAndAnswersTheNewVersionAndHint() {
        String id = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");
        bindOk(setting, id);

        Reply reply = put("/api/credentials/" + id + "/secret", json("secret", "sk-rotated-000000000000beef"));

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        assertThat(reply.json().get("secretVersion").asInt()).isEqualTo(2);
        assertThat(reply.json().get("secretHint").asString()).isEqualTo("…beef");
        assertThat(payloads(eventsOf(id))).last().isInstanceOfSatisfying(CredentialSecretRotated.class,
                rotated -> assertThat(rotated.secretVersion()).isEqualTo(2));
        assertThat(bindingsAfter(eventsOf(id))).containsExactly(setting);
        assertThat(holderOf(setting)).contains(id);
    }

    @Test
    void aRotatedAwaySecretCanBeRegisteredAgainButTheCurrentOneCannot() {
        String v1 = newSecret();
        String v2 = newSecret();
        String id = createCredential("openai", v1);
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", v2)).status()).isEqualTo(200);

        Reply current = create(unique("copy"), "openai", v2);
        Reply previous = create(unique("copy"), "openai", v1);

        assertThat(current.status()).isEqualTo(409);
        assertThat(current.json().get("existingCredentialId").asString()).isEqualTo(id);
        assertThat(previous.status()).isEqualTo(201);
    }

    @Test
    void deletionAnswersWhatItUnboundAndEveryLaterCommandIsGone() {
        String name = unique("Doomed");
        String secret = newSecret();
        String id = createCredentialNamed(name, "openai", secret);
        SettingRef one = new SettingRef(unique("acme"), "openai.default");
        SettingRef two = new SettingRef(unique("globex"), "openai.bot.7");
        bindOk(one, id);
        bindOk(two, id);

        Reply deletion = shredCredential(id);

        assertThat(deletion.status()).isEqualTo(200);
        assertThat(deletion.json().get("credentialId").asString()).isEqualTo(id);
        assertThat(unboundOf(deletion)).containsExactly(one, two);
        for (Reply gone : List.of(deleteCredential(id), patch("/api/credentials/" + id, json("name", "x")),
                put("/api/credentials/" + id + "/secret", json("secret", newSecret())), bind(one, id))) {
            assertThat(gone.status()).as("%s", gone).isEqualTo(410);
            assertThat(gone.contentType()).startsWith(PROBLEM_JSON);
            assertThat(gone.json().get("type").asString()).endsWith("/credential-deleted");
            assertThat(gone.json().get("credentialId").asString()).isEqualTo(id);
        }
        // a deleted credential frees its secret and its name
        assertThat(create(name, "openai", secret).status()).isEqualTo(201);
    }

    @Test
    void commandsOnAnUnknownCredentialAreNotFound() {
        for (Reply reply : List.of(deleteCredential("no-such-id"), patch("/api/credentials/no-such-id", json("name", "x")),
                put("/api/credentials/no-such-id/secret", json("secret", newSecret())))) {
            assertThat(reply.status()).as("%s", reply).isEqualTo(404);
            assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
            assertThat(reply.json().get("type").asString()).endsWith("/not-found");
        }
    }

    @Test
    void twoConcurrentCreatesOfOneSecretRegisterItOnceAndTellTheLoserTheWinner() {
        for (int round = 0; round < CREATE_RACE_ROUNDS; round++) {
            String secret = newSecret();
            long createdBefore = createdEventCount();
            long keysBefore = dataKeyCount();

            List<Reply> replies = concurrently(() -> create(unique("left"), "openai", secret),
                    () -> create(unique("right"), "openai", secret));

            assertThat(replies).extracting(Reply::status).as("round %d: %s", round, replies)
                    .containsExactlyInAnyOrder(201, 409);
            Reply winner = replies.stream().filter(reply -> reply.status() == 201).findFirst().orElseThrow();
            Reply loser = replies.stream().filter(reply -> reply.status() == 409).findFirst().orElseThrow();
            String winnerId = winner.json().get("id").asString();
            assertThat(loser.json().get("type").asString()).endsWith("/duplicate-secret");
            assertThat(loser.json().get("existingCredentialId").asString()).isEqualTo(winnerId);
            // the loser left nothing behind: no event, no data key, no lookup row
            assertThat(createdEventCount()).isEqualTo(createdBefore + 1);
            assertThat(dataKeyCount()).isEqualTo(keysBefore + 1);
            assertThat(jdbc.queryForList("select credential_id from secret_fingerprint where fingerprint = ?",
                    String.class, sealer.fingerprint(secret))).containsExactly(winnerId);
        }
    }

    private String createCredentialNamed(String name, String provider) {
        return createCredentialNamed(name, provider, newSecret());
    }

    private String createCredentialNamed(String name, String provider, String secret) {
        Reply reply = create(name, provider, secret);
        assertThat(reply.status()).as("%s", reply).isEqualTo(201);
        return reply.json().get("id").asString();
    }

    private long createdEventCount() {
        return jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?", Long.class,
                CredentialCreated.class.getName());
    }

    private long dataKeyCount() {
        return jdbc.queryForObject("select count(*) from data_key", Long.class);
    }
}
