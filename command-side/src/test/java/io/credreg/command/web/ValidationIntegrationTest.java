package io.credreg.command.web;

import io.credreg.api.binding.SettingRef;
import io.credreg.command.CommandSideIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariant 6: bad input is refused with a precise problem, before anything is recorded. */
class ValidationIntegrationTest extends CommandSideIntegrationTest {

    private static final String TYPE_BASE = "https://credential-registry.dev/problems/";

    @Test
    void malformedJsonIsABadRequest() {
        Reply reply = refused(() -> send("POST", "/api/credentials", "application/json", "{\"name\": \"x\", "), 400);
        assertThat(reply.json().get("type").asString()).isEqualTo(TYPE_BASE + "invalid-request");
    }

    @Test
    void aMissingBodyIsABadRequest() {
        refused(() -> send("POST", "/api/credentials", "application/json", ""), 400);
    }

    @Test
    void aMissingSecretIsNamed() {
        Reply reply = refused(() -> post("/api/credentials", json("name", unique("n"), "provider", "openai")), 400);
        assertThat(detail(reply)).contains("secret");
    }

    @Test
    void aMissingNameAndProviderAreBothNamed() {
        Reply reply = refused(() -> post("/api/credentials", json("secret", newSecret())), 400);
        assertThat(detail(reply)).contains("name").contains("provider");
    }

    @Test
    void aNameOf201CharactersIsTooLongAnd200Fit() {
        Reply reply = refused(() -> create("n".repeat(201), "openai", newSecret()), 400);
        assertThat(detail(reply)).contains("name");

        String prefix = unique("n");
        String longest = prefix + "x".repeat(200 - prefix.length());
        assertThat(longest).hasSize(200);
        assertThat(create(longest, "openai", newSecret()).status()).isEqualTo(201);
    }

    @Test
    void aNameWhoseLowerCaseIsLongerStillFits() {
        // "İ" lower-cases to two characters: the case-insensitive name key must hold more than 200
        String prefix = unique("n");
        String name = prefix + "\u0130".repeat(200 - prefix.length());
        assertThat(create(name, "openai", newSecret()).status()).isEqualTo(201);
    }

    @Test
    void aNameWithControlCharactersIsRefused() {
        Reply reply = refused(() -> create("bad\u0007name", "openai", newSecret()), 400);
        assertThat(detail(reply)).contains("name");
    }

    @Test
    void anEmptyOrBlankSecretIsRefused() {
        assertThat(detail(refused(() -> create(unique("n"), "openai", ""), 400))).contains("secret");
        assertThat(detail(refused(() -> create(unique("n"), "openai", "   "), 400))).contains("secret");
    }

    @Test
    void secretsAreLimitedTo8192BytesOfUtf8() {
        String prefix = newSecret();
        assertThat(detail(refused(() -> create(unique("n"), "openai", prefix + "x".repeat(8193 - prefix.length())), 400)))
                .contains("secret");
        // 4097 two-byte characters are 8194 bytes
        refused(() -> create(unique("n"), "openai", "é".repeat(4097)), 400);

        Reply fits = create(unique("n"), "openai", prefix + "x".repeat(8192 - prefix.length()));
        assertThat(fits.status()).as("%s", fits).isEqualTo(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Open AI", "OpenAI", "-openai", "", "a-provider-name-longer-than-32chars"})
    void providersMustBeLowerCaseIdentifiers(String provider) {
        Reply reply = refused(() -> create(unique("n"), provider, newSecret()), 400);
        assertThat(detail(reply)).contains("provider");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bad%20Key", "-x", "Openai.default", "openai.default%2Bx"})
    void settingKeysMustMatchTheirPattern(String settingKey) {
        String credential = createOpenAiCredential();
        Reply reply = refused(() -> put("/api/instances/" + unique("acme") + "/settings/" + settingKey,
                json("credentialId", credential)), 400);
        assertThat(detail(reply)).contains("settingKey");
    }

    @Test
    void aSettingKeyOf129CharactersIsTooLongAnd128Fit() {
        String credential = createOpenAiCredential();
        String tooLong = "openai." + "k".repeat(122);
        assertThat(tooLong).hasSize(129);
        Reply reply = refused(() -> bind(new SettingRef(unique("acme"), tooLong), credential), 400);
        assertThat(detail(reply)).contains("settingKey");

        // the longest accepted identifiers fit the lookup table's columns
        String instance = unique("i");
        SettingRef longest = new SettingRef(instance + "x".repeat(128 - instance.length()), tooLong.substring(0, 128));
        assertThat(longest.instanceId()).hasSize(128);
        assertThat(longest.settingKey()).hasSize(128);
        Reply bound = bind(longest, credential);
        assertThat(bound.status()).as("%s", bound).isEqualTo(200);
        assertThat(holderOf(longest)).contains(credential);
    }

    @Test
    void instanceIdsMustMatchTheirPattern() {
        String credential = createOpenAiCredential();
        Reply reply = refused(() -> put("/api/instances/-acme/settings/openai.default",
                json("credentialId", credential)), 400);
        assertThat(detail(reply)).contains("instanceId");
        refused(() -> delete("/api/instances/" + "i".repeat(129)), 400);
    }

    @Test
    void aMalformedCredentialIdInABindIsNamed() {
        Reply reply = refused(() -> bind(new SettingRef(unique("acme"), "openai.default"), "bad id!"), 400);
        assertThat(detail(reply)).contains("credentialId");
    }

    @Test
    void aMissingCredentialIdInABindIsNamed() {
        Reply reply = refused(() -> put(settingPath(new SettingRef(unique("acme"), "openai.default")), "{}"), 400);
        assertThat(detail(reply)).contains("credentialId");
    }

    @Test
    void aBlankNameInARenameIsNamed() {
        String credential = createOpenAiCredential();
        Reply reply = refused(() -> patch("/api/credentials/" + credential, json("name", " ")), 400);
        assertThat(detail(reply)).contains("name");
    }

    @Test
    void anOversizedSecretInARotationIsNamed() {
        String credential = createOpenAiCredential();
        Reply reply = refused(() -> put("/api/credentials/" + credential + "/secret",
                json("secret", "x".repeat(8193))), 400);
        assertThat(detail(reply)).contains("secret");
    }

    @Test
    void aMalformedCredentialIdInThePathIsABadRequest() {
        refused(() -> deleteCredential("not_a_valid_id"), 400);
        refused(() -> deleteCredential("x".repeat(65)), 400);
    }

    @Test
    void anUnknownRouteIsNotFound() {
        Reply reply = refused(() -> send("GET", "/api/no-such-thing", null, null), 404);
        assertThat(reply.json().get("type").asString()).isEqualTo(TYPE_BASE + "not-found");
    }

    @Test
    void aWrongMethodIsNotAllowed() {
        Reply reply = refused(() -> send("GET", "/api/credentials", null, null), 405);
        assertThat(reply.json().get("type").asString()).isEqualTo(TYPE_BASE + "method-not-allowed");
        refused(() -> send("POST", "/api/instances/acme", "application/json", "{}"), 405);
    }

    @Test
    void aWrongContentTypeIsUnsupported() {
        Reply reply = refused(() -> send("POST", "/api/credentials", "text/plain",
                json("name", unique("n"), "provider", "openai", "secret", newSecret())), 415);
        assertThat(reply.json().get("type").asString()).isEqualTo(TYPE_BASE + "unsupported-media-type");
    }

    @Test
    void refusalsNeverEchoTheSecret() {
        String secret = newSecret() + "\u0001";
        Reply reply = refused(() -> create("bad\u0007name", "Open AI", secret), 400);
        assertThat(reply.body()).doesNotContain(secret).doesNotContain(secret.substring(0, 20));
    }

    /** Sends a request that must be refused with the status, as a problem, without recording any event. */
    @Test
    void aPathTheContainerRefusesIsStillAProblem() {
        // an encoded slash never reaches Spring: Tomcat refuses it, and the valve must still answer problem+json
        Reply reply = refused(() -> patch("/api/credentials/a%2Fb", json("name", "x")), 400);
        assertThat(reply.json().path("type").asString("")).endsWith("/invalid-request");
    }

    private Reply refused(Supplier<Reply> request, int status) {
        long before = eventRowCount();
        Reply reply = request.get();
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.contentType()).startsWith(PROBLEM_JSON);
        JsonNode problem = reply.json();
        assertThat(problem.path("type").asString("")).startsWith(TYPE_BASE);
        assertThat(problem.path("detail").asString("")).isNotBlank();
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(eventRowCount()).as("events recorded by a refused request").isEqualTo(before);
        return reply;
    }

    private static String detail(Reply reply) {
        return reply.json().get("detail").asString();
    }
}
