package io.credreg.command.credential;

import io.credreg.api.binding.SettingRef;
import io.credreg.api.credential.CredentialSecretRotated;
import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected versions over HTTP (issue 14): every command answer carries the credential's version as its ETag, an
 * If-Match with a stale version is refused with 412 and changes nothing, and of several commands sent with the same
 * If-Match exactly one wins.
 */
class ExpectedVersionIntegrationTest extends CommandSideIntegrationTest {

    private static final String IF_MATCH = "If-Match";

    @Test
    void everyAnswerCarriesTheVersionOfTheLastEventInTheStream() {
        Reply created = create(unique("v"), "openai", newSecret());
        String id = created.json().get("id").asString();
        assertThat(created.header("ETag")).isEqualTo("\"0\"");

        Reply renamed = patch("/api/credentials/" + id, json("name", unique("renamed")));
        assertThat(renamed.header("ETag")).isEqualTo("\"1\"");

        bindOk(new SettingRef(unique("acme"), "openai.default"), id); // a binding is an event of the stream too

        Reply rotated = put("/api/credentials/" + id + "/secret", json("secret", newSecret()));
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.header("ETag")).isEqualTo("\"3\"").isEqualTo(lastSequenceOf(id));

        Reply deleted = deleteCredential(id);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.header("ETag")).as("after the cascade's unbind").isEqualTo("\"5\"")
                .isEqualTo(lastSequenceOf(id));
    }

    @Test
    void aCurrentIfMatchIsHonouredAndAStaleOneIsRefusedNamingTheCurrentVersionWithoutAnEvent() {
        String id = createOpenAiCredential();
        Reply renamed = patch("/api/credentials/" + id, json("name", unique("renamed")), IF_MATCH, "\"0\"");
        assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
        long before = eventRowCount();

        for (Supplier<Reply> stale : List.<Supplier<Reply>>of(
                () -> put("/api/credentials/" + id + "/secret", json("secret", newSecret()), IF_MATCH, "\"0\""),
                () -> patch("/api/credentials/" + id, json("name", unique("again")), IF_MATCH, "\"0\""),
                () -> deleteCredential(id, IF_MATCH, "\"7\""))) {
            Reply refused = stale.get();
            assertThat(refused.status()).as("%s", refused).isEqualTo(412);
            assertThat(refused.contentType()).startsWith(PROBLEM_JSON);
            assertThat(refused.json().get("type").asString()).endsWith("/version-mismatch");
            assertThat(refused.json().get("currentVersion").asLong()).isEqualTo(1);
            assertThat(refused.json().get("credentialId").asString()).isEqualTo(id);
            assertThat(refused.header("ETag")).isEqualTo("\"1\"");
        }
        assertThat(eventRowCount()).as("a refused command appends nothing").isEqualTo(before);

        Reply rotated = put("/api/credentials/" + id + "/secret", json("secret", newSecret()), IF_MATCH, "\"1\"");
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.header("ETag")).isEqualTo("\"2\"");
        Reply deleted = deleteCredential(id, IF_MATCH, "\"2\"");
        assertThat(deleted.status()).isEqualTo(200);
    }

    @Test
    void aBindingMovesTheVersionSoAnIfMatchReadBeforeItIsStale() {
        String id = createOpenAiCredential();
        bindOk(new SettingRef(unique("acme"), "openai.default"), id);

        Reply refused = put("/api/credentials/" + id + "/secret", json("secret", newSecret()), IF_MATCH, "\"0\"");

        assertThat(refused.status()).isEqualTo(412);
        assertThat(refused.json().get("currentVersion").asLong()).isEqualTo(1);
    }

    @Test
    void bindAndUnbindNameTheVersionOfTheCredentialTheyChange() {
        String id = createOpenAiCredential();
        String other = createOpenAiCredential();
        SettingRef setting = new SettingRef(unique("acme"), "openai.default");

        Reply bound = bind(setting, id, IF_MATCH, "\"0\"");
        assertThat(bound.status()).as("%s", bound).isEqualTo(200);
        assertThat(bound.header("ETag")).isEqualTo("\"1\"");
        Reply staleBind = bind(setting, other, IF_MATCH, "\"1\""); // the other credential is at 0
        assertThat(staleBind.status()).isEqualTo(412);
        assertThat(staleBind.json().get("credentialId").asString()).isEqualTo(other);
        assertThat(holderOf(setting)).contains(id);

        Reply staleUnbind = delete(settingPath(setting), IF_MATCH, "\"0\"");
        assertThat(staleUnbind.status()).isEqualTo(412);
        assertThat(staleUnbind.json().get("currentVersion").asLong()).isEqualTo(1);
        assertThat(holderOf(setting)).contains(id);
        Reply unbound = delete(settingPath(setting), IF_MATCH, "\"1\"");
        assertThat(unbound.status()).isEqualTo(204);
        assertThat(unbound.header("ETag")).isEqualTo("\"2\"").isEqualTo(lastSequenceOf(id));

        Reply removal = delete("/api/instances/" + setting.instanceId(), IF_MATCH, "\"2\"");
        assertThat(removal.status()).as("no one version to name: %s", removal).isEqualTo(400);
        assertThat(removal.json().get("type").asString()).endsWith("/invalid-request");
    }

    @Test
    void aStarOrNoIfMatchKeepsTheDocumentedBehaviour() {
        String id = createOpenAiCredential();

        assertThat(put("/api/credentials/" + id + "/secret", json("secret", newSecret()), IF_MATCH, "*").status())
                .isEqualTo(200);
        assertThat(put("/api/credentials/" + id + "/secret", json("secret", newSecret())).status()).isEqualTo(200);
        assertThat(payloads(eventsOf(id))).filteredOn(CredentialSecretRotated.class::isInstance).hasSize(2);
    }

    @Test
    void aMalformedIfMatchIsAnInvalidRequestAndChangesNothing() {
        String id = createOpenAiCredential();
        long before = eventRowCount();

        for (String malformed : List.of("0", "W/\"0\"", "\"0\", \"1\"", "\"abc\"", "\"-1\"", "\"00\"",
                "\"99999999999999999999\"", "")) {
            Reply reply = put("/api/credentials/" + id + "/secret", json("secret", newSecret()), IF_MATCH, malformed);
            assertThat(reply.status()).as("If-Match: %s -> %s", malformed, reply).isEqualTo(400);
            assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
            assertThat(reply.json().get("type").asString()).endsWith("/invalid-request");
        }
        assertThat(eventRowCount()).isEqualTo(before);
    }

    @Test
    void ofRotationsRacingWithTheSameIfMatchExactlyOneWins() {
        String id = createOpenAiCredential();
        Supplier<Reply> rotation = () ->
                put("/api/credentials/" + id + "/secret", json("secret", newSecret()), IF_MATCH, "\"0\"");

        List<Reply> replies = concurrently(rotation, rotation, rotation, rotation);

        assertThat(replies).extracting(Reply::status).as("%s", replies).containsOnly(200, 412)
                .filteredOn(status -> status == 200).hasSize(1);
        replies.stream().filter(reply -> reply.status() == 412).forEach(refused ->
                assertThat(refused.json().get("currentVersion").asLong()).isEqualTo(1));
        assertThat(payloads(eventsOf(id))).filteredOn(CredentialSecretRotated.class::isInstance).hasSize(1);
    }

    @Test
    void anAuditorStillCannotWriteWithAnIfMatch() {
        String id = createOpenAiCredential();
        String auditor = issueToken(unique("auditor"), "AUDITOR", null);

        Reply reply = put("/api/credentials/" + id + "/secret", json("secret", newSecret()), IF_MATCH, "\"0\"",
                "Authorization", bearer(auditor));

        assertThat(reply.status()).isEqualTo(403);
        assertThat(payloads(eventsOf(id))).hasSize(1);
    }

    private String lastSequenceOf(String id) {
        List<?> events = eventsOf(id);
        return "\"" + (events.size() - 1) + "\"";
    }
}
