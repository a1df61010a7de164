package io.credreg.e2e;

import static io.credreg.e2e.support.Eventually.eventually;
import static io.credreg.e2e.support.Json.array;
import static io.credreg.e2e.support.Json.elements;
import static io.credreg.e2e.support.Json.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.credreg.e2e.support.Api;
import io.credreg.e2e.support.E2ETestBase;
import io.credreg.e2e.support.Ids;
import io.credreg.e2e.support.Json;
import tools.jackson.databind.JsonNode;

/** The REST contract v1, walked through the way the admin UI uses it. */
public abstract class ContractTourScenarios extends E2ETestBase {

    @Test
    @DisplayName("create answers 201 with Location and id; list and detail show a masked hint, never the secret")
    void createdCredentialIsListedMasked() {
        String name = Ids.name("Masked key");
        String secret = Ids.secret();
        String requestId = "req-" + Ids.random(12);
        Api.Response created = api.command("POST", "/api/credentials").as("alice").requestId(requestId)
                .json("name", name, "provider", OPENAI, "secret", secret).send().expect(201);
        String id = created.text("id");
        assertThat(id).as("id in %s", created).isNotBlank();
        assertThat(created.header("Location")).as("Location of %s", created).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/credentials/" + id));
        assertThat(created.header("X-Request-Id")).as("echoed X-Request-Id").contains(requestId);
        assertThat(created.body()).doesNotContain(secret);

        JsonNode listed = eventually("the new credential is listed", () -> {
            Api.Response list = api.get("/api/credentials?provider=openai&name=" + name.replace(" ", "%20"))
                    .expect(200);
            List<JsonNode> matches = Json.elements(list.json()).stream()
                    .filter(c -> id.equals(text(c, "id"))).toList();
            assertThat(matches).as("list %s", list).hasSize(1);
            return matches.get(0);
        });
        assertThat(text(listed, "name")).isEqualTo(name);
        assertThat(text(listed, "provider")).isEqualTo(OPENAI);
        assertThat(text(listed, "status")).isEqualTo("active");
        assertThat(listed.get("bindingCount").asLong()).isZero();
        assertThat(text(listed, "createdAt")).isNotBlank();
        assertThat(text(listed, "updatedAt")).isNotBlank();
        assertMaskedHint(text(listed, "secretHint"), secret);

        Api.Response detail = api.get("/api/credentials/" + id).expect(200);
        assertThat(detail.text("id")).isEqualTo(id);
        assertThat(detail.text("status")).isEqualTo("active");
        assertMaskedHint(detail.text("secretHint"), secret);
        assertThat(array(detail.json(), "bindings")).isEmpty();
        assertThat(detail.body()).doesNotContain(secret);

        Api.Response all = api.get("/api/credentials").expect(200);
        assertThat(all.body()).contains(id).doesNotContain(secret);
    }

    @Test
    @DisplayName("the whole life of a shared credential: bind, duplicate, rename, rotate, replace, unbind, "
            + "remove instance, delete, then 410 and a history in which every unbind says why")
    void lifeOfASharedCredential() {
        String instA = Ids.instance("tour-a");
        String instB = Ids.instance("tour-b");
        String instD = Ids.instance("tour-d");
        String instE = Ids.instance("tour-e");
        String secret = Ids.secret();
        String credential = createCredential(OPENAI, Ids.name("Tour key"), secret);

        // Share it across two instances.
        Api.Response boundA = bind(instA, "openai.default", credential);
        assertThat(boundA.json().properties().stream().map(Map.Entry::getKey).collect(Collectors.toSet()))
                .contains("instanceId", "settingKey", "credentialId", "replacedCredentialId");
        assertThat(boundA.text("instanceId")).isEqualTo(instA);
        assertThat(boundA.text("settingKey")).isEqualTo("openai.default");
        assertThat(boundA.text("credentialId")).isEqualTo(credential);
        assertThat(boundA.text("replacedCredentialId")).isNull();
        bind(instB, "openai.default", credential);

        // The same key again: refused, and told which credential to share instead.
        Api.Response duplicate = api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("Copy of tour key"), "provider", OPENAI, "secret", secret).send()
                .expectProblem(409, "duplicate-secret");
        assertThat(duplicate.text("existingCredentialId")).as("%s", duplicate).isEqualTo(credential);
        assertThat(duplicate.body()).doesNotContain(secret);

        String hintBefore = eventually("the credential shows two bindings", () -> {
            Api.Response d = api.get("/api/credentials/" + credential).expect(200);
            assertThat(settingsOf(d.json())).containsExactlyInAnyOrder(
                    instA + "/openai.default", instB + "/openai.default");
            return d.text("secretHint");
        });

        // Rename (with the default admin token: recorded as admin).
        String newName = Ids.name("Tour key renamed");
        api.command("PATCH", "/api/credentials/" + credential).json("name", newName).send().expect(200);

        // Rotate: bindings stay.
        String rotated = Ids.secret();
        api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice").json("secret", rotated).send()
                .expect(200);
        eventually("rename and rotation reach the query side", () -> {
            Api.Response d = api.get("/api/credentials/" + credential).expect(200);
            assertThat(d.text("name")).isEqualTo(newName);
            assertMaskedHint(d.text("secretHint"), rotated);
            assertThat(d.text("secretHint")).as("hint after rotation").isNotEqualTo(hintBefore);
            assertThat(settingsOf(d.json())).containsExactlyInAnyOrder(
                    instA + "/openai.default", instB + "/openai.default");
            assertThat(d.json().get("bindingCount").asLong()).isEqualTo(2);
        });
        api.command("POST", "/api/credentials").as("alice")
                .json("name", Ids.name("Copy of rotated key"), "provider", OPENAI, "secret", rotated).send()
                .expectProblem(409, "duplicate-secret");

        // Replace the credential of instance A's setting with another one.
        String other = createCredential(OPENAI);
        Api.Response replaced = bind(instA, "openai.default", other);
        assertThat(replaced.text("replacedCredentialId")).as("%s", replaced).isEqualTo(credential);

        // Bind and explicitly unbind a second setting of instance B.
        bind(instB, "openai.bot.42", credential);
        api.command("DELETE", "/api/instances/" + instB + "/settings/openai.bot.42").as("alice").send().expect(204);

        // Remove a whole instance.
        bind(instD, "openai.default", credential);
        Api.Response removed = api.command("DELETE", "/api/instances/" + instD).as("alice").send().expect(200);
        assertThat(removed.text("instanceId")).isEqualTo(instD);
        assertThat(array(removed.json(), "unbound")).extracting(u -> text(u, "instanceId"), u -> text(u, "settingKey"))
                .containsExactly(tuple(instD, "openai.default"));

        bind(instE, "openai.default", credential);
        bind(instE, "openai.bot.7", credential);
        Set<String> boundBeforeDeletion = Set.of(instB + "/openai.default", instE + "/openai.default",
                instE + "/openai.bot.7");
        eventually("the deletion impact lists the three settings still bound", () -> {
            Api.Response impact = api.get("/api/credentials/" + credential + "/deletion-impact").expect(200);
            assertThat(impact.text("credentialId")).isEqualTo(credential);
            assertThat(refs(array(impact.json(), "settings"))).containsExactlyInAnyOrderElementsOf(
                    boundBeforeDeletion);
        });

        // Delete: every binding is undone.
        String deletionRequest = "tour-delete-" + Ids.random(10);
        Api.Response deleted = api.command("DELETE", "/api/credentials/" + credential).as("alice")
                .requestId(deletionRequest).send().expect(200);
        assertThat(deleted.header("X-Request-Id")).contains(deletionRequest);
        String deletionCorrelation = deleted.header("X-Correlation-Id").orElseThrow();
        assertThat(deletionCorrelation).as("the registry's own correlation id").isNotEqualTo(deletionRequest);
        assertThat(deleted.text("credentialId")).isEqualTo(credential);
        assertThat(refs(array(deleted.json(), "unbound"))).containsExactlyInAnyOrderElementsOf(boundBeforeDeletion);

        // Any command on it is now 410 Gone.
        api.command("PATCH", "/api/credentials/" + credential).as("alice").json("name", Ids.name("Too late"))
                .send().expectProblem(410, "credential-deleted");
        api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice").json("secret", Ids.secret())
                .send().expectProblem(410, "credential-deleted");
        api.command("PUT", "/api/instances/" + instA + "/settings/openai.bot.1").as("alice")
                .json("credentialId", credential).send().expectProblem(410, "credential-deleted");
        api.command("DELETE", "/api/credentials/" + credential).as("alice").send()
                .expectProblem(410, "credential-deleted");

        // The query side catches up: deleted, nothing bound, nothing left to unbind.
        eventually("the deletion reaches the query side", () -> {
            Api.Response d = api.get("/api/credentials/" + credential).expect(200);
            assertThat(d.text("status")).isEqualTo("deleted");
            assertThat(d.json().get("bindingCount").asLong()).isZero();
            assertThat(array(d.json(), "bindings")).isEmpty();
            assertThat(array(api.get("/api/credentials/" + credential + "/deletion-impact").expect(200).json(),
                    "settings")).isEmpty();
            assertThat(elements(api.get("/api/instances/" + instB + "/settings").expect(200).json())).isEmpty();
            assertThat(elements(api.get("/api/instances/" + instE + "/settings").expect(200).json())).isEmpty();
            assertThat(elements(api.get("/api/instances/" + instD + "/settings").expect(200).json())).isEmpty();
            List<JsonNode> a = elements(api.get("/api/instances/" + instA + "/settings").expect(200).json());
            assertThat(a).extracting(s -> text(s, "settingKey"), s -> text(s, "credentialId"))
                    .containsExactly(tuple("openai.default", other));
        });
        Api.Response deletedList = api.get("/api/credentials?status=deleted&provider=openai").expect(200);
        assertThat(elements(deletedList.json())).extracting(c -> text(c, "id")).contains(credential);
        Api.Response activeList = api.get("/api/credentials?status=active&provider=openai").expect(200);
        assertThat(elements(activeList.json())).extracting(c -> text(c, "id")).doesNotContain(credential)
                .contains(other);

        // The history: every event in order, who did it, why every unbind happened, what caused the cascade.
        List<JsonNode> history = eventually("the history shows the deletion and its cascade", () -> {
            List<JsonNode> h = elements(api.get("/api/credentials/" + credential + "/history").expect(200).json());
            assertThat(h).hasSize(16);
            return h;
        });
        assertThat(history).extracting(e -> text(e, "type"), e -> text(e, "reason"), e -> text(e, "instanceId"),
                e -> text(e, "settingKey")).startsWith(
                tuple("CredentialCreated", null, null, null),
                tuple("SettingBound", null, instA, "openai.default"),
                tuple("SettingBound", null, instB, "openai.default"),
                tuple("CredentialRenamed", null, null, null),
                tuple("CredentialSecretRotated", null, null, null),
                tuple("SettingUnbound", "REPLACED", instA, "openai.default"),
                tuple("SettingBound", null, instB, "openai.bot.42"),
                tuple("SettingUnbound", "REQUESTED", instB, "openai.bot.42"),
                tuple("SettingBound", null, instD, "openai.default"),
                tuple("SettingUnbound", "INSTANCE_REMOVED", instD, "openai.default"),
                tuple("SettingBound", null, instE, "openai.default"),
                tuple("SettingBound", null, instE, "openai.bot.7"),
                tuple("CredentialDeleted", null, null, null));
        List<JsonNode> cascade = history.subList(13, 16);
        assertThat(cascade).extracting(e -> text(e, "type"), e -> text(e, "reason"))
                .containsOnly(tuple("SettingUnbound", "CREDENTIAL_DELETED"));
        assertThat(refs(cascade)).containsExactlyInAnyOrderElementsOf(boundBeforeDeletion);

        List<Long> sequences = history.stream().map(e -> Json.number(e, "sequence")).toList();
        assertThat(sequences).as("sequence of %s", history).isSorted().doesNotHaveDuplicates();
        for (JsonNode e : history) {
            assertThat(text(e, "occurredAt")).as("occurredAt of %s", e).isNotBlank();
            assertThat(text(e, "correlationId")).as("correlationId of %s", e).isNotBlank();
        }
        assertThat(history).extracting(e -> text(e, "actor")).containsExactly(
                "alice", "alice", "alice", "admin", "alice", "alice", "alice", "alice", "alice", "alice",
                "alice", "alice", "alice", "alice", "alice", "alice");

        JsonNode deletion = history.get(12);
        assertThat(text(deletion, "correlationId")).as("the deletion's correlation id")
                .isEqualTo(deletionCorrelation);
        assertThat(cascade).extracting(e -> text(e, "correlationId")).as("the cascade's correlation ids")
                .containsOnly(deletionCorrelation);
        String causation = text(cascade.get(0), "causationId");
        assertThat(causation).as("causationId of the first compensating unbind").isNotBlank();
        assertThat(cascade).extracting(e -> text(e, "causationId")).as("causation ids of the cascade")
                .containsOnly(causation);
        // The rename got a correlation id of its own.
        assertThat(text(history.get(3), "correlationId")).isNotEqualTo(deletionCorrelation);
    }

    @Test
    @DisplayName("a secret becomes registrable again once its credential is rotated away or deleted")
    void secretIsFreedByRotationAndDeletion() {
        String first = Ids.secret();
        String credential = createCredential(OPENAI, Ids.name("Freed key"), first);
        api.command("PUT", "/api/credentials/" + credential + "/secret").as("alice").json("secret", Ids.secret())
                .send().expect(200);
        String again = createCredential(OPENAI, Ids.name("Old key back"), first);
        // without a recovery window: a credential in its window keeps its secret claimed (decision 0200)
        api.command("DELETE", "/api/credentials/" + again + "?recoveryWindowDays=0").as("alice").send().expect(200);
        createCredential(OPENAI, Ids.name("Old key back again"), first);
    }

    @Test
    @DisplayName("binding a setting of another provider answers 409 provider-mismatch")
    void providerMismatch() {
        String credential = createCredential(OPENAI);
        String instance = Ids.instance("mismatch");
        api.command("PUT", "/api/instances/" + instance + "/settings/dify.default").as("alice")
                .json("credentialId", credential).send().expectProblem(409, "provider-mismatch");
        String dify = createCredential(DIFY);
        api.command("PUT", "/api/instances/" + instance + "/settings/openai.bot.3").as("alice")
                .json("credentialId", dify).send().expectProblem(409, "provider-mismatch");
        bind(instance, "dify.default", dify);
        eventually("only the dify binding exists", () -> assertThat(
                elements(api.get("/api/instances/" + instance + "/settings").expect(200).json()))
                .extracting(s -> text(s, "settingKey"), s -> text(s, "credentialId"), s -> text(s, "provider"))
                .containsExactly(tuple("dify.default", dify, DIFY)));
    }

    @Test
    @DisplayName("a second active credential with the same name and provider answers 409 duplicate-name")
    void duplicateName() {
        String name = Ids.name("Named once");
        createCredential(OPENAI, name, Ids.secret());
        api.command("POST", "/api/credentials").as("alice")
                .json("name", name.toUpperCase(java.util.Locale.ROOT), "provider", OPENAI, "secret", Ids.secret())
                .send().expectProblem(409, "duplicate-name");
        // Another provider may use the same name.
        createCredential(DIFY, name, Ids.secret());
    }

    @Test
    @DisplayName("unknown credentials answer 404 on both sides")
    void unknownCredential() {
        String unknown = java.util.UUID.randomUUID().toString();
        api.get("/api/credentials/" + unknown).expectProblem(404, "not-found");
        api.get("/api/credentials/" + unknown + "/history").expectProblem(404, "not-found");
        api.get("/api/credentials/" + unknown + "/deletion-impact").expectProblem(404, "not-found");
        api.command("PATCH", "/api/credentials/" + unknown).as("alice").json("name", "x").send()
                .expectProblem(404, "not-found");
        api.command("PUT", "/api/credentials/" + unknown + "/secret").as("alice").json("secret", Ids.secret())
                .send().expectProblem(404, "not-found");
        api.command("DELETE", "/api/credentials/" + unknown).as("alice").send().expectProblem(404, "not-found");
        api.command("PUT", "/api/instances/" + Ids.instance("nowhere") + "/settings/openai.default").as("alice")
                .json("credentialId", unknown).send().expectProblem(404, "not-found");
        // An id that is not even of the server's making: unknown (404) or bad input (400), never more.
        String foreign = "no-such-credential-" + Ids.random(8);
        for (Api.Response r : List.of(api.get("/api/credentials/" + foreign),
                api.command("DELETE", "/api/credentials/" + foreign).as("alice").send())) {
            assertThat(r.status()).as("%s", r).isIn(400, 404);
            assertThat(r.contentType()).as("%s", r).startsWith("application/problem+json");
        }
    }

    @Test
    @DisplayName("the actor is the token's principal whatever X-Actor claims, and without X-Request-Id a generated "
            + "request id is echoed and recorded as the correlation id")
    void principalIsTheActorAndGeneratedRequestId() {
        Api.Response created = api.command("POST", "/api/credentials").header("X-Actor", "mallory")
                .json("name", Ids.name("Anonymous key"), "provider", OPENAI, "secret", Ids.secret()).send()
                .expect(201);
        String requestId = created.header("X-Request-Id").orElse(null);
        assertThat(requestId).as("generated X-Request-Id of %s", created).isNotBlank();
        assertThat(created.header("X-Correlation-Id")).as("X-Correlation-Id of %s", created).contains(requestId);
        String id = created.text("id");
        JsonNode first = eventually("the creation is in the history", () -> {
            List<JsonNode> h = elements(api.get("/api/credentials/" + id + "/history").expect(200).json());
            assertThat(h).hasSize(1);
            return h.get(0);
        });
        assertThat(text(first, "type")).isEqualTo("CredentialCreated");
        assertThat(text(first, "actor")).isEqualTo("admin");
        assertThat(text(first, "correlationId")).isEqualTo(requestId);
    }

    /** A hint is there and shows at most the last four characters, none of a secret shorter than sixteen. */
    static void assertMaskedHint(String hint, String secret) {
        String shown = hint.replace("…", "");
        assertThat(hint).as("secretHint").startsWith("…");
        assertThat(shown.codePointCount(0, shown.length())).as("characters the hint shows")
                .isLessThanOrEqualTo(secret.length() < 16 ? 0 : 4);
        assertThat(secret).as("the hint shows the secret's end").endsWith(shown);
    }

    /** "instanceId/settingKey" of each binding of a credential detail. */
    static List<String> settingsOf(JsonNode detail) {
        return refs(array(detail, "bindings"));
    }

    /** "instanceId/settingKey" of setting references. */
    static List<String> refs(List<JsonNode> refs) {
        return refs.stream().map(r -> text(r, "instanceId") + "/" + text(r, "settingKey")).toList();
    }
}
